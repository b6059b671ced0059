package io.github.accountdisabling.balance;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.support.LogValues;
import org.apache.http.client.config.RequestConfig;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads balances from {@code GET {ledgerUrl}/users/{id}/balances} through Keycloak's own outbound HTTP client, so
 * the server's truststore, proxy and connection settings apply. Anything but a timely 200 with the documented shape
 * is an unknown balance: the guard refuses (503), never deactivates.
 */
final class HttpLedgerBalanceSource implements BalanceSource {

    /** Larger answers are no ledger's answer for one user. */
    private static final long MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(HttpLedgerBalanceSource.class);

    private final KeycloakSession session;

    HttpLedgerBalanceSource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Map<String, BigDecimal> balances(RealmModel realm, UserModel user, AccountDisablingSettings settings) {
        URI base = settings.ledgerUri();
        if (base == null) {
            throw new BalanceUnavailableException("No ledger URL is configured for realm " + realm.getName() + ".");
        }
        String url = stripTrailingSlash(base.toString()) + "/users/"
                + URLEncoder.encode(user.getId(), StandardCharsets.UTF_8) + "/balances";
        int timeout = settings.ledgerTimeoutMillis();
        // Each phase (a pooled connection, connecting, every wait for data) is bounded by the realm's timeout.
        RequestConfig limits = RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setConnectTimeout(timeout)
                .setSocketTimeout(timeout)
                .setRedirectsEnabled(false)
                .build();
        try (SimpleHttpResponse response = SimpleHttp.create(session)
                .withRequestConfig(limits)
                .withMaxConsumedResponseSize(MAX_RESPONSE_BYTES)
                .doGet(url)
                .acceptJson()
                .asResponse()) {
            if (response.getStatus() != 200) {
                throw unavailable(realm, user, "status " + response.getStatus(), null);
            }
            return Balances.fromLedgerJson(response.asString());
        } catch (IOException | RuntimeException e) {
            if (e instanceof BalanceUnavailableException unavailable) {
                throw unavailable;
            }
            throw unavailable(realm, user, e.toString(), e);
        }
    }

    private static BalanceUnavailableException unavailable(RealmModel realm, UserModel user, String why, Exception cause) {
        LOG.warnf("Ledger of realm %s gave no balances for user %s: %s", LogValues.escape(realm.getName()), user.getId(),
                LogValues.escape(why));
        return new BalanceUnavailableException("The ledger did not answer with the user's balances.",
                cause instanceof IOException ? cause : null);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
