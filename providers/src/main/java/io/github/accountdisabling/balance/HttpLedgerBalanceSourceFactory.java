package io.github.accountdisabling.balance;

import io.github.accountdisabling.config.AccountDisablingSettings;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;

import java.net.http.HttpClient;
import java.time.Duration;

/** Balances from the operator's own ledger over HTTP: {@code GET {ledgerUrl}/users/{id}/balances}. */
public class HttpLedgerBalanceSourceFactory implements BalanceSourceFactory {

    public static final String ID = AccountDisablingSettings.BALANCE_SOURCE_HTTP_LEDGER;

    private HttpClient http;

    @Override
    public void init(Config.Scope config) {
        http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(AccountDisablingSettings.MAX_LEDGER_TIMEOUT_MILLIS))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public BalanceSource create(KeycloakSession session) {
        return new HttpLedgerBalanceSource(http);
    }

    @Override
    public String getId() {
        return ID;
    }
}
