package io.github.accountdisabling.balance;

import io.github.accountdisabling.config.AccountDisablingSettings;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class AttributeBalanceSource implements BalanceSource {

    @Override
    public Map<String, BigDecimal> balances(RealmModel realm, UserModel user, AccountDisablingSettings settings) {
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> attribute : user.getAttributes().entrySet()) {
            String name = attribute.getKey();
            if (!name.startsWith(Balances.ATTRIBUTE_PREFIX)) {
                continue;
            }
            String currency = name.substring(Balances.ATTRIBUTE_PREFIX.length());
            for (String value : attribute.getValue()) {
                result.merge(currency, Balances.amount(currency, value), BigDecimal::add);
            }
        }
        return result;
    }
}
