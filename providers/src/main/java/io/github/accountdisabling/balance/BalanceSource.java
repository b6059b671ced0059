package io.github.accountdisabling.balance;

import io.github.accountdisabling.config.AccountDisablingSettings;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

import java.math.BigDecimal;
import java.util.Map;

/** Where the balance guard learns a user's balances, by currency code. */
public interface BalanceSource extends Provider {

    /**
     * @throws BalanceUnavailableException when the balances can't be known for sure; the guard then refuses,
     *                                     because deactivating on an unknown balance is never safe
     */
    Map<String, BigDecimal> balances(RealmModel realm, UserModel user, AccountDisablingSettings settings);

    @Override
    default void close() {
    }
}
