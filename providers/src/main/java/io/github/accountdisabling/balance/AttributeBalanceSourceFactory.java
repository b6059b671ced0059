package io.github.accountdisabling.balance;

import io.github.accountdisabling.config.Setting;
import io.github.accountdisabling.config.AccountDisablingSettings;
import org.keycloak.models.KeycloakSession;

/** The default: balances are the user's {@code balance.<CCY>} attributes. */
public class AttributeBalanceSourceFactory implements BalanceSourceFactory {

    public static final String ID = Setting.BALANCE_SOURCE_ATTRIBUTES;

    private static final BalanceSource SOURCE = new AttributeBalanceSource();

    @Override
    public BalanceSource create(KeycloakSession session) {
        return SOURCE;
    }

    @Override
    public String getId() {
        return ID;
    }
}
