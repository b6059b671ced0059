package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak 26.7's own SCIM preview ({@code scim-api} feature, {@code /realms/{realm}/scim/v2}) maps {@code active}
 * to {@code enabled} and nothing more; the pack's listener must give such a disable its revocation and history.
 */
@KeycloakIntegrationTest
class KeycloakScimInteropIT {

    @Test
    void aDisableThroughKeycloaksOwnScimIsRevokedAndRecorded(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "kcscim")) {
            Response enable = client.put("/admin/realms/" + realm.name(), client.adminToken(), "{\"scimApiEnabled\": true}");
            assertThat(enable.status()).as(enable.toString()).isEqualTo(204);
            // Keycloak's SCIM wants its own URL in the token's audience.
            ClientRepresentation api = realm.resource().clients().findByClientId(TestClient.API_CLIENT_ID).get(0);
            ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
            audience.setName("scim-audience");
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of("included.custom.audience", client.issuer(realm.name()) + "/scim/v2",
                    "access.token.claim", "true"));
            try (var response = realm.resource().clients().get(api.getId()).getProtocolMappers().createMapper(audience)) {
                assertThat(response.getStatus()).isEqualTo(201);
            }
            String userId = realm.createUser("kim", "correct-horse-42", Map.of());
            String userToken = realm.password("kim", "correct-horse-42");
            assertThat(realm.user(userId).getUserSessions()).hasSize(1);

            Response disabled = client.send("PATCH", "/realms/" + realm.name() + "/scim/v2/Users/" + userId,
                    realm.apiToken(), "application/scim+json",
                    "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + " \"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]}");

            assertThat(disabled.status()).as(disabled.toString()).isIn(200, 204);
            assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
            assertThat(realm.user(userId).getUserSessions()).as("the listener revoked the sessions").isEmpty();
            assertThat(client.get("/realms/" + realm.name() + "/protocol/openid-connect/userinfo", userToken).status())
                    .isIn(401, 403);
            JsonNode history = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("source").asText()).isEqualTo("scim");
            assertThat(history.get(0).get("actor").asText()).isEqualTo(TestClient.API_CLIENT_ID);
            assertThat(realm.user(userId).toRepresentation().getAttributes())
                    .containsEntry("accountDisabled", List.of("true"))
                    .containsEntry("accountDisabledSource", List.of("scim"));
        }
    }
}
