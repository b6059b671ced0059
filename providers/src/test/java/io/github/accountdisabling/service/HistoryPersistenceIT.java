package io.github.accountdisabling.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@KeycloakIntegrationTest
class HistoryPersistenceIT {

    @Test
    void historyAndStateSurviveAServerRestart(KeycloakServer server, TestClient client) {
        TestRealm realm = TestRealm.create(client, "restart");
        try {
            String userId = realm.createUser("persistent", "correct-horse-42", Map.of("balance.USD", List.of("0")));
            String token = realm.apiToken();
            assertThat(client.post(realm.api("/users/" + userId + "/deactivate"), token, "{\"reason\": \"audit me\"}")
                    .status()).isEqualTo(200);
            assertThat(client.post(realm.api("/users/" + userId + "/reactivate"), token, "").status()).isEqualTo(200);
            assertThat(client.post(realm.api("/users/" + userId + "/deactivate"), token, "").status()).isEqualTo(200);
            JsonNode before = client.get(realm.api("/users/" + userId + "/history"), token).json();
            assertThat(before).hasSize(3);

            server.restart();
            client.resetAdmin();

            String freshToken = realm.apiToken();
            JsonNode after = client.get(realm.api("/users/" + userId + "/history"), freshToken).json();
            assertThat(after).isEqualTo(before);
            assertThat(after.get(0).get("reason").asText()).isEqualTo("audit me");
            assertThat(client.get(realm.api("/users/" + userId), freshToken).json().get("state").asText())
                    .isEqualTo("DEACTIVATED");
        } finally {
            realm.close();
        }
    }
}
