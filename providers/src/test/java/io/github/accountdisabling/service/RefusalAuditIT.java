package io.github.accountdisabling.service;

import io.github.accountdisabling.account.Refusal;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.guard.BalanceGuardFactory;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refused deactivation or reactivation leaves an admin event carrying the refusal's code, through every door,
 * while the user, the history and the sessions stay as they were.
 */
@KeycloakIntegrationTest
class RefusalAuditIT {

    @Test
    void eachRefusalIsAnAdminEventWithItsCodeAndChangesNothing(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "refusal-audit")) {
            String bobId = realm.userId("bob");
            String aliceId = realm.userId("alice");

            // a guard (bob holds a balance), through the admin API
            assertRefusalRecorded(client, realm, bobId, "DEACTIVATED", BalanceGuardFactory.NON_ZERO_BALANCE,
                    () -> client.post(realm.api("/users/" + bobId + "/deactivate"), realm.apiToken(), "{}"), 422);
            // the same guard through SCIM
            assertRefusalRecorded(client, realm, bobId, "DEACTIVATED", BalanceGuardFactory.NON_ZERO_BALANCE,
                    () -> client.send("PATCH", "/realms/" + realm.name() + "/scim2/Users/" + bobId, realm.apiToken(),
                            "application/scim+json", json(map(
                                    "schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                                    "Operations", List.of(map("op", "replace", "path", "active", "value", false))))),
                    422);
            // a conflict: reactivating an active user
            assertRefusalRecorded(client, realm, aliceId, "ACTIVE", Refusal.NOT_DEACTIVATED,
                    () -> client.post(realm.api("/users/" + aliceId + "/reactivate"), realm.apiToken(), "{}"), 409);
            // the toggle off
            realm.putConfig(map("enabled", false));
            assertRefusalRecorded(client, realm, aliceId, "DEACTIVATED", Refusal.ACCOUNT_DISABLING_OFF,
                    () -> client.post(realm.api("/users/" + aliceId + "/deactivate"), realm.apiToken(), "{}"), 409);
            // the rate limit: one write a minute (the writes above count too), so a second attempt is refused at the latest
            realm.putConfig(map("enabled", true, "rateLimitPerMinute", 1));
            String apiToken = realm.apiToken();
            assertRefusalRecorded(client, realm, aliceId, "ACTIVE", Refusal.RATE_LIMITED, () -> {
                Response first = client.post(realm.api("/users/" + aliceId + "/reactivate"), apiToken, "{}");
                return first.status() == 429 ? first
                        : client.post(realm.api("/users/" + aliceId + "/reactivate"), apiToken, "{}");
            }, 429);
        }
    }

    private static void assertRefusalRecorded(TestClient client, TestRealm realm, String userId, String requested,
                                              String code, Supplier<Response> attempt, int status) {
        String historyBefore = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).body();
        boolean enabledBefore = realm.user(userId).toRepresentation().isEnabled();
        long since = System.currentTimeMillis() - 1;

        Response response = attempt.get();

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.body()).contains(code);
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isEqualTo(enabledBefore);
        assertThat(client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).body())
                .isEqualTo(historyBefore);
        AdminEventRepresentation event = awaitEvent(realm, userId, code, since)
                .orElseThrow(() -> new AssertionError("no admin event with error " + code + " for " + userId));
        assertThat(event.getResourceType()).isEqualTo("USER");
        assertThat(event.getOperationType()).isEqualTo("UPDATE");
        assertThat(event.getAuthDetails().getClientId()).isNotNull();
        JsonNode representation = TestClient.readJson(event.getRepresentation());
        assertThat(representation.get("id").asText()).isEqualTo(userId);
        assertThat(representation.get("code").asText()).isEqualTo(code);
        assertThat(representation.get("requestedState").asText()).isEqualTo(requested);
        assertThat(representation.get("actorName").asText()).isEqualTo(TestClient.API_CLIENT_ID);
    }

    /** The event is stored after the refused request's transaction ends, in one of its own. */
    private static Optional<AdminEventRepresentation> awaitEvent(TestRealm realm, String userId, String code, long since) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<AdminEventRepresentation> found = realm.resource().getAdminEvents().stream()
                    .filter(e -> e.getTime() >= since)
                    .filter(e -> code.equals(e.getError()))
                    .filter(e -> ("users/" + userId).equals(e.getResourcePath()))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
