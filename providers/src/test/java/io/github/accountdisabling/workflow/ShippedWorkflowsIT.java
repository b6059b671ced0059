package io.github.accountdisabling.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example workflows in realm-config/workflows: Keycloak accepts them as shipped, off, and an admin turns one on. */
@KeycloakIntegrationTest
class ShippedWorkflowsIT {

    private static final Path DIR = Path.of(System.getProperty("kc.realm.config.dir", "../realm-config"), "workflows");

    @Test
    void bothExamplesAreAcceptedOffAndCanBeTurnedOn(TestClient client) throws IOException {
        try (TestRealm realm = TestRealm.create(client, "shipped-workflows")) {
            List<Path> files;
            try (var listing = Files.list(DIR)) {
                files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            }
            assertThat(files).hasSize(2);
            for (Path file : files) {
                Response created = client.post("/admin/realms/" + realm.name() + "/workflows", client.adminToken(),
                        Files.readString(file));
                assertThat(created.status()).as(file + ": " + created).isEqualTo(201);
                String location = created.header("Location");
                String path = location.substring(location.indexOf("/admin/"));
                JsonNode stored = getJson(client, path);
                assertThat(stored.get("enabled").asBoolean()).as(file + " ships off").isFalse();
                assertThat(stored.get("steps").toString()).contains(DeactivateAccountStepFactory.ID);

                ((com.fasterxml.jackson.databind.node.ObjectNode) stored).put("enabled", true);
                Response enabled = client.put(path, client.adminToken(), stored.toString());
                assertThat(enabled.status()).as(enabled.toString()).isIn(200, 204);
                assertThat(getJson(client, path).get("enabled").asBoolean()).isTrue();
            }
            // A login enrols a user in the enabled 90-day workflow: its first step is scheduled, nothing runs yet.
            String userId = realm.userId("alice");
            realm.password("alice", "alice-password");
            JsonNode scheduled = getJson(client, "/admin/realms/" + realm.name() + "/workflows/scheduled/" + userId);
            assertThat(scheduled.toString()).contains("notify-user");
            assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();
        }
    }

    /** Keycloak's workflow API answers YAML unless JSON is asked for. */
    static JsonNode getJson(TestClient client, String path) {
        return client.sendWithHeaders("GET", path, client.adminToken(), null, null, Map.of("Accept", "application/json"))
                .json();
    }
}
