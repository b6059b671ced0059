package io.github.accountdisabling.scim;

import io.github.accountdisabling.config.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.keycloak.representations.idm.RealmRepresentation;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak 26.7's own SCIM preview ({@code scim-api} feature, {@code /realms/{realm}/scim/v2}) maps {@code active}
 * to {@code enabled} and nothing more; with the pack, its user resource type is the pack's: a change of
 * {@code active} is the pack's transition (guards, marks, history, revocation) and DELETE follows the realm's SCIM
 * delete mode, refusals in Keycloak's SCIM error shape with nothing changed.
 */
@KeycloakIntegrationTest
class KeycloakScimInteropIT {

    /** A copy of the demo realm with Keycloak's own SCIM on, and the API client's tokens accepted by it. */
    static TestRealm keycloakScimRealm(TestClient client, String prefix) {
        TestRealm realm = TestRealm.create(client, prefix);
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
        return realm;
    }

    @Test
    void aDisableThroughKeycloaksOwnScimIsRevokedAndRecorded(TestClient client) {
        try (TestRealm realm = keycloakScimRealm(client, "kcscim")) {
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

    /** The pack declares what /scim2 stores with Keycloak's own annotation, so Keycloak's SCIM reads the same values. */
    @Test
    void keycloaksScimReadsTheAttributesThePackStores(TestClient client) {
        try (TestRealm realm = keycloakScimRealm(client, "kcscim-attrs")) {
            String enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
            Response created = client.send("POST", "/realms/" + realm.name() + "/scim2/Users", realm.apiToken(),
                    "application/scim+json", """
                            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "tina",
                             "name": {"givenName": "Tina", "familyName": "Turner", "middleName": "Anna"},
                             "title": "Singer", "externalId": "ext-tina", "%s": {"department": "Music"}}"""
                            .formatted(enterprise));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asText();
            Response read = client.get(scimUser(realm, id), realm.apiToken());
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            JsonNode user = read.json();
            assertThat(user.path("title").asText()).as(read.toString()).isEqualTo("Singer");
            assertThat(user.path("externalId").asText()).isEqualTo("ext-tina");
            assertThat(user.path("name").path("middleName").asText()).isEqualTo("Anna");
            assertThat(user.path(enterprise).path("department").asText()).isEqualTo("Music");
        }
    }

    private static final String PATCH_INACTIVE = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + " \"Operations\": [{\"op\": \"Replace\", \"value\": {\"active\": \"False\"}}]}";

    private static String scimUser(TestRealm realm, String userId) {
        return "/realms/" + realm.name() + "/scim/v2/Users/" + userId;
    }

    private static void assertScimRefusal(Response response, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("schemas").toString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    @Test
    void keycloaksScimPatchPutAndDeleteGoThroughTheGuards(TestClient client) {
        try (TestRealm realm = keycloakScimRealm(client, "kcscim-guards")) {
            // Keycloak's SCIM manages no account holding an admin role (it answers 403 itself), nor, it turns out,
            // the demo's imported users: the test's own users stand in.
            String bob = realm.createUser("barney", "correct-horse-42", Map.of("balance.USD", List.of("125.50")));
            realm.password("barney", "correct-horse-42");
            UserSnapshot bobBefore = UserSnapshot.of(client, realm, bob);
            // Entra ID's shape: a value object, the boolean as a string, the op capitalised.
            Response patched = client.send("PATCH", scimUser(realm, bob), realm.apiToken(), "application/scim+json",
                    PATCH_INACTIVE);
            assertScimRefusal(patched, "non-zero balances");
            Response deleted = client.delete(scimUser(realm, bob), realm.apiToken());
            assertScimRefusal(deleted, "non-zero balances");
            assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(bobBefore);
            // Every other shape Keycloak's SCIM reads as a change of active: the path with a boolean (Okta), remove,
            // null, a non-boolean, the value object under the schema URN with another case, a replace without value.
            for (String operation : List.of(
                    "{\"op\": \"replace\", \"path\": \"active\", \"value\": false}",
                    "{\"op\": \"remove\", \"path\": \"active\"}",
                    "{\"op\": \"replace\", \"path\": \"active\", \"value\": null}",
                    "{\"op\": \"replace\", \"path\": \"active\", \"value\": \"no\"}",
                    "{\"op\": \"replace\", \"value\": {\"urn:ietf:params:scim:schemas:core:2.0:User\": {\"Active\": false}}}",
                    "{\"op\": \"replace\", \"path\": \"active\"}")) {
                Response shape = client.send("PATCH", scimUser(realm, bob), realm.apiToken(), "application/scim+json",
                        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operation + "]}");
                assertThat(shape.status()).as(operation + " " + shape).isIn(400, 200, 204);
                assertThat(UserSnapshot.of(client, realm, bob)).as(operation).isEqualTo(bobBefore);
                assertThat(realm.user(bob).toRepresentation().isEnabled()).as(operation).isTrue();
            }

            // A PUT that renames and deactivates is refused whole.
            JsonNode rep = client.get(scimUser(realm, bob), realm.apiToken()).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) rep).put("active", false);
            ((com.fasterxml.jackson.databind.node.ObjectNode) rep).put("displayName", "Renamed Barney");
            Response put = client.send("PUT", scimUser(realm, bob), realm.apiToken(), "application/scim+json",
                    rep.toString());
            assertScimRefusal(put, "non-zero balances");
            assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(bobBefore);

            // The last administrator: Keycloak's SCIM refuses every admin account itself, before the pack is asked.
            String root = realm.createUser("root", "correct-horse-42", Map.of());
            realm.grantManagementRoles(root, "realm-admin");
            UserSnapshot rootBefore = UserSnapshot.of(client, realm, root);
            Response rootPatched = client.send("PATCH", scimUser(realm, root), realm.apiToken(), "application/scim+json",
                    PATCH_INACTIVE);
            assertThat(rootPatched.status()).as(rootPatched.toString()).isEqualTo(403);
            assertThat(UserSnapshot.of(client, realm, root)).isEqualTo(rootBefore);

            // DELETE in the default mode deactivates and keeps the account.
            String alice = realm.createUser("alicia", "correct-horse-42", Map.of());
            Response gone = client.delete(scimUser(realm, alice), realm.apiToken());
            assertThat(gone.status()).as(gone.toString()).isEqualTo(204);
            assertThat(realm.user(alice).toRepresentation().isEnabled()).isFalse();
            assertThat(realm.user(alice).toRepresentation().getAttributes())
                    .containsEntry("accountDisabledReason", List.of(ScimResource.DELETE_REASON));
        }
    }

    @Test
    void inDeleteModeBothScimEndpointsRunTheGuardsAndLeaveALastHistoryRow(TestClient client) {
        try (TestRealm realm = keycloakScimRealm(client, "kcscim-delete")) {
            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.getAttributes().put(Setting.SCIM_DELETE.attribute(), Setting.SCIM_DELETE_DELETE);
            realm.resource().update(rep);
            String root = realm.createUser("root", "correct-horse-42", Map.of());
            realm.grantManagementRoles(root, "realm-admin");
            UserSnapshot before = UserSnapshot.of(client, realm, root);

            assertThat(client.delete(scimUser(realm, root), realm.apiToken()).status()).as("Keycloak's own refusal")
                    .isEqualTo(403);
            Response viaPack = client.delete("/realms/" + realm.name() + "/scim2/Users/" + root, realm.apiToken());
            assertThat(viaPack.status()).as(viaPack.toString()).isEqualTo(422);
            assertThat(UserSnapshot.of(client, realm, root)).isEqualTo(before);

            String bob = realm.createUser("barney", "correct-horse-42", Map.of("balance.USD", List.of("125.50")));
            UserSnapshot bobBefore = UserSnapshot.of(client, realm, bob);
            assertScimRefusal(client.delete(scimUser(realm, bob), realm.apiToken()), "non-zero balances");
            assertThat(client.delete("/realms/" + realm.name() + "/scim2/Users/" + bob, realm.apiToken()).status())
                    .isEqualTo(422);
            assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(bobBefore);

            for (String endpoint : List.of("/scim/v2", "/scim2")) {
                String userId = realm.createUser("gone" + endpoint.length(), "correct-horse-42", Map.of());
                Response deleted = client.delete("/realms/" + realm.name() + endpoint + "/Users/" + userId,
                        realm.apiToken());
                assertThat(deleted.status()).as(endpoint + " " + deleted).isEqualTo(204);
                assertThat(realm.resource().users().searchByUsername("gone" + endpoint.length(), true)).isEmpty();
                JsonNode history = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json();
                assertThat(history).as(endpoint).hasSize(1);
                assertThat(history.get(0).get("fromState").asText()).isEqualTo("ACTIVE");
                assertThat(history.get(0).get("toState").asText()).isEqualTo("DELETED");
                assertThat(history.get(0).get("actor").asText()).isEqualTo(TestClient.API_CLIENT_ID);
                assertThat(history.get(0).get("source").asText()).isEqualTo("scim");
            }
        }
    }

    @Test
    void aUserCreatedInactiveThroughKeycloaksScimIsRecordedWithoutAnEarlierState(TestClient client) {
        try (TestRealm realm = keycloakScimRealm(client, "kcscim-created")) {
            Response created = client.send("POST", "/realms/" + realm.name() + "/scim/v2/Users", realm.apiToken(),
                    "application/scim+json", "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                            + " \"userName\": \"ivo\", \"active\": false, \"name\": {\"givenName\": \"Ivo\", \"familyName\": \"Tester\"}, \"emails\": [{\"value\": \"ivo@example.org\"}]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String ivo = realm.userId("ivo");
            assertThat(realm.user(ivo).toRepresentation().isEnabled()).isFalse();
            JsonNode history = client.get(realm.api("/users/" + ivo + "/history"), client.adminToken()).json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("fromState").asText()).isEqualTo("NONE");
            assertThat(history.get(0).get("toState").asText()).isEqualTo("DEACTIVATED");
            assertThat(realm.user(ivo).toRepresentation().getAttributes())
                    .containsEntry("accountDisabled", List.of("true"))
                    .containsEntry("accountDisabledSource", List.of("scim"));
        }
    }
}
