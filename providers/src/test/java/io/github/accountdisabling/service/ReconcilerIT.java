package io.github.accountdisabling.service;

import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.account.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.listener.AccountDisablingEventListenerFactory;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that dies between a disable the pack doesn't make and the pack's follow-up leaves a disabled user without
 * marks, history or revocation. The test makes exactly that state (a disable with the pack's follow-up out of the
 * way), kills the server with SIGKILL, starts it again, and expects the reconciler to have closed the gap. It runs
 * on PostgreSQL only: H2 may lose the last second of commits to a SIGKILL, which is not the crash under test.
 */
@KeycloakIntegrationTest
class ReconcilerIT {

    private static final String PASSWORD = "correct-horse-42";

    @Test
    void aDisableWhoseFollowUpDiedWithTheNodeIsRecordedAndRevokedAfterTheRestart(KeycloakServer server,
                                                                                  TestClient client) {
        TestRealm realm = TestRealm.create(client, "reconcile");
        try {
            String userId = realm.createUser("gap", PASSWORD, Map.of());
            realm.password("gap", PASSWORD);
            assertThat(realm.user(userId).getUserSessions()).hasSize(1);

            // The state a crash leaves: Keycloak's disable committed, the pack's follow-up never ran.
            realm.putConfig(map("enabled", false));
            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.setEventsListeners(rep.getEventsListeners().stream()
                    .filter(listener -> !listener.equals(AccountDisablingEventListenerFactory.ID)).toList());
            realm.resource().update(rep);
            UserRepresentation user = realm.user(userId).toRepresentation();
            user.setEnabled(false);
            realm.user(userId).update(user);
            realm.putConfig(map("enabled", true));
            assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
            Map<String, List<String>> attributes = realm.user(userId).toRepresentation().getAttributes();
            assertThat(attributes == null ? Map.of() : attributes).doesNotContainKey(DisabledAttributes.DISABLED);

            server.kill();
            server.startAgain();
            client.resetAdmin();

            assertThat(realm.user(userId).toRepresentation().isEnabled()).as("the disable survived the kill").isFalse();
            JsonNode history = awaitHistory(client, realm, userId);
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("toState").asText()).isEqualTo("DEACTIVATED");
            assertThat(history.get(0).get("source").asText()).isEqualTo(Caller.SOURCE_RECONCILED);
            UserRepresentation after = realm.user(userId).toRepresentation();
            assertThat(after.getAttributes()).containsEntry(DisabledAttributes.DISABLED, List.of("true"))
                    .containsEntry(DisabledAttributes.SOURCE, List.of(Caller.SOURCE_RECONCILED));
            assertThat(after.getNotBefore()).as("tokens issued before are revoked").isPositive();
            assertThat(realm.user(userId).getUserSessions()).isEmpty();

            // Reactivation gives the same account back.
            assertThat(client.post(realm.api("/users/" + userId + "/reactivate"), client.adminToken(), "").status())
                    .isEqualTo(200);
            assertThat(realm.password("gap", PASSWORD)).isNotBlank();
        } finally {
            realm.close();
        }
    }

    private static JsonNode awaitHistory(TestClient client, TestRealm realm, String userId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode history = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json();
        while (history.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            history = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json();
        }
        return history;
    }
}
