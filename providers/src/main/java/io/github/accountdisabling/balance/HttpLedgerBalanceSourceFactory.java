package io.github.accountdisabling.balance;

import io.github.accountdisabling.config.Setting;
import io.github.accountdisabling.config.AccountDisablingSettings;
import org.keycloak.models.KeycloakSession;


/** Balances from the operator's own ledger over HTTP: {@code GET {ledgerUrl}/users/{id}/balances}. */
public class HttpLedgerBalanceSourceFactory implements BalanceSourceFactory {

    public static final String ID = Setting.BALANCE_SOURCE_HTTP_LEDGER;

    @Override
    public BalanceSource create(KeycloakSession session) {
        return new HttpLedgerBalanceSource(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
