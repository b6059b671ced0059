package io.github.accountdisabling.service;

import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins that overlap a deactivation: none of their sessions, refresh tokens or offline tokens outlives it, and none
 * works after reactivation.
 */
@KeycloakIntegrationTest
class RacingLoginsIT {

    private static final String PASSWORD = "correct-horse-42";
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 3;
    /** The last sweep runs 10 s after the commit (see RacingLoginSweeper); a little slack on a loaded machine. */
    private static final Duration SWEPT_WITHIN = Duration.ofSeconds(15);

    @Test
    void noLoginThatRacedADeactivationOutlivesItOrComesBackOnReactivation(TestClient client) throws Exception {
        try (TestRealm realm = TestRealm.create(client, "race")) {
            String userId = realm.createUser("rachel", PASSWORD, Map.of());
            String appId = realm.resource().clients().findByClientId(TestRealm.APP_CLIENT_ID).get(0).getId();
            String tokenPath = "/realms/" + realm.name() + "/protocol/openid-connect/token";
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    List<String> refreshTokens = Collections.synchronizedList(new ArrayList<>());
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicInteger refusedLogins = new AtomicInteger();
                    List<Future<?>> loops = new ArrayList<>();
                    for (int c = 0; c < CLIENTS; c++) {
                        String scope = c % 2 == 0 ? "openid offline_access" : "openid";
                        loops.add(pool.submit(() -> {
                            while (!stop.get()) {
                                Response login = client.postForm(tokenPath, Map.of("grant_type", "password",
                                        "client_id", TestRealm.APP_CLIENT_ID, "username", "rachel",
                                        "password", PASSWORD, "scope", scope));
                                if (login.status() == 200) {
                                    refreshTokens.add(login.json().get("refresh_token").asText());
                                } else {
                                    refusedLogins.incrementAndGet();
                                }
                            }
                        }));
                    }
                    awaitAtLeast(() -> refreshTokens.size(), 1, "round " + round + ": a racing login succeeded");
                    Response deactivated = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(),
                            json(map("reason", "race round " + round)));
                    assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
                    int refusedBefore = refusedLogins.get();
                    awaitAtLeast(refusedLogins::get, refusedBefore + 2 * CLIENTS,
                            "round " + round + ": logins went on racing after the deactivation");
                    stop.set(true);
                    for (Future<?> loop : loops) {
                        loop.get(60, TimeUnit.SECONDS);
                    }
                    assertThat(refreshTokens).as("logins succeeded before the deactivation").isNotEmpty();
                    assertThat(refusedLogins.get()).as("logins were refused after it").isPositive();

                    Instant deadline = Instant.now().plus(SWEPT_WITHIN);
                    while (!realm.user(userId).getUserSessions().isEmpty()
                            || !realm.user(userId).getOfflineSessions(appId).isEmpty()) {
                        assertThat(Instant.now()).as("round %s: sessions of racing logins removed", round).isBefore(deadline);
                        Thread.sleep(250);
                    }

                    Response reactivated = client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), "");
                    assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
                    for (String refreshToken : refreshTokens) {
                        Response refresh = client.postForm(tokenPath, Map.of("grant_type", "refresh_token",
                                "client_id", TestRealm.APP_CLIENT_ID, "refresh_token", refreshToken));
                        assertThat(refresh.status()).as("round %s: a token from before the reactivation: %s", round, refresh)
                                .isEqualTo(400);
                        assertThat(refresh.json().get("error").asText()).isEqualTo("invalid_grant");
                    }
                    assertThat(realm.user(userId).getUserSessions()).isEmpty();
                    assertThat(realm.password("rachel", PASSWORD)).as("the account works again").isNotBlank();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void awaitAtLeast(IntSupplier count, int wanted, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(SWEPT_WITHIN);
        while (count.getAsInt() < wanted) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
