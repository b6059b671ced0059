package io.github.accountdisabling.balance;

import io.github.accountdisabling.support.LogValues;
import io.github.accountdisabling.config.AccountDisablingSettings;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

final class HttpLedgerBalanceSource implements BalanceSource {

    private static final Logger LOG = Logger.getLogger(HttpLedgerBalanceSource.class);

    private final HttpClient http;

    HttpLedgerBalanceSource(HttpClient http) {
        this.http = http;
    }

    @Override
    public Map<String, BigDecimal> balances(RealmModel realm, UserModel user, AccountDisablingSettings settings) {
        URI base = settings.ledgerUri();
        if (base == null) {
            throw new BalanceUnavailableException("No ledger URL is configured for realm " + realm.getName() + ".");
        }
        URI uri = URI.create(stripTrailingSlash(base.toString()) + "/users/"
                + URLEncoder.encode(user.getId(), StandardCharsets.UTF_8) + "/balances");
        Duration timeout = Duration.ofMillis(settings.ledgerTimeoutMillis());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            // The request timeout doesn't cover connecting; the overall wait does.
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw unavailable(realm, user, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw unavailable(realm, user, e.getCause() == null ? e.toString() : e.getCause().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(realm, user, "interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw unavailable(realm, user, "status " + response.statusCode(), null);
        }
        return Balances.fromLedgerJson(response.body());
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
