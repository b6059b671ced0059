package io.github.accountdisabling.scim;

import io.github.accountdisabling.config.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.guard.BalanceGuardFactory;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static io.github.accountdisabling.scim.ScimErrorAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Entra ID and Okta send when they provision users, request by request as their documentation shows, and the
 * refusals a provisioning client meets; each refusal leaves the user (or the user count) as it was.
 */
@KeycloakIntegrationTest
class ScimProvisioningIT {

    private static final String SCIM = "application/scim+json";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static TestClient client;
    private static TestRealm realm;
    private static String token;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "provisioning", rep -> rep.setPasswordPolicy("length(8)"));
        token = realm.apiToken();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String users(String suffix) {
        return "/realms/" + realm.name() + "/scim2/Users" + suffix;
    }

    private static String filter(String filter) {
        return users("?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    }

    private static Response send(String method, String path, String body) {
        return client.send(method, path, token, SCIM, body);
    }

    private static UserRepresentation keycloakUser(String id) {
        return realm.user(id).toRepresentation();
    }

    private static JsonNode history(String id) {
        return client.get(realm.api("/users/" + id + "/history"), client.adminToken()).json();
    }

    @Test
    void entraIdProvisioningSequence() {
        String userName = "Test_User_" + UUID.randomUUID().toString().substring(0, 8) + "@testuser.com";
        String externalId = UUID.randomUUID().toString();

        Response lookup = client.get(filter("userName eq \"" + userName + "\""), token);
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.header("Content-Type")).startsWith(SCIM);
        assertThat(lookup.json().get("totalResults").asInt()).isZero();

        Response created = send("POST", users(""), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId": "%s", "userName": "%s", "active": true,
                 "emails": [{"primary": true, "type": "work", "value": "%s"}],
                 "meta": {"resourceType": "User"},
                 "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
                 "roles": []}""".formatted(externalId, userName, userName.replace("Test_User", "mail")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith(SCIM);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/scim2/Users/" + id);
        assertThat(created.json().get("meta").get("resourceType").asText()).isEqualTo("User");
        assertThat(created.json().get("meta").get("location").asText()).isEqualTo(created.header("Location"));
        assertThat(created.json().get("externalId").asText()).isEqualTo(externalId);
        UserRepresentation stored = keycloakUser(id);
        assertThat(stored.getUsername()).isEqualTo(userName.toLowerCase());
        assertThat(stored.getEmail()).isEqualTo(userName.replace("Test_User", "mail").toLowerCase());
        assertThat(stored.getFirstName()).isEqualTo("givenName");
        assertThat(stored.getLastName()).isEqualTo("familyName");
        assertThat(stored.isEnabled()).isTrue();

        Response byExternalId = client.get(filter("externalId eq \"" + externalId + "\""), token);
        assertThat(byExternalId.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(byExternalId.json().get("Resources").get(0).get("id").asText()).isEqualTo(id);
        Response byUserName = client.get(filter("userName eq \"" + userName.toUpperCase() + "\""), token);
        assertThat(byUserName.json().get("totalResults").asInt()).as("userName matches case-insensitively").isEqualTo(1);

        Response multiValued = send("PATCH", users("/" + id), """
                {"schemas": ["%s"], "Operations": [
                  {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "updatedEmail@example.com"},
                  {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}]}""".formatted(PATCH_OP));
        assertThat(multiValued.status()).as(multiValued.toString()).isEqualTo(200);
        assertThat(keycloakUser(id).getEmail()).isEqualTo("updatedemail@example.com");
        assertThat(keycloakUser(id).getLastName()).isEqualTo("updatedFamilyName");

        Response disableWithChanges = send("PATCH", users("/" + id), """
                {"schemas": ["%s"], "Operations": [
                  {"op": "Replace", "path": "displayName", "value": "Test User (left)"},
                  {"op": "Replace", "path": "name.familyName", "value": "Left"},
                  {"op": "Replace", "path": "active", "value": "False"}]}""".formatted(PATCH_OP));
        assertThat(disableWithChanges.status()).as(disableWithChanges.toString()).isEqualTo(200);
        assertThat(disableWithChanges.json().get("displayName").asText()).isEqualTo("Test User (left)");
        assertThat(disableWithChanges.json().get("active").asBoolean()).isFalse();
        assertThat(keycloakUser(id).getLastName()).isEqualTo("Left");
        assertThat(keycloakUser(id).isEnabled()).isFalse();

        Response enable = send("PATCH", users("/" + id), """
                {"schemas": ["%s"], "Operations": [{"op": "Replace", "path": "active", "value": "True"}]}"""
                .formatted(PATCH_OP));
        assertThat(enable.status()).isEqualTo(200);
        assertThat(keycloakUser(id).isEnabled()).isTrue();

        Response deleted = client.send("DELETE", users("/" + id), token, null, null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertScimError(client.get(users("/" + id), token), 404, null);
        assertThat(keycloakUser(id).isEnabled()).as("the account is kept, deactivated").isFalse();
        assertThat(keycloakUser(id).getAttributes()).containsEntry("accountDisabledReason",
                List.of("deprovisioned by SCIM client"));
        assertThat(history(id)).extracting(row -> row.get("toState").asText() + "/" + row.get("source").asText())
                .containsExactly("DEACTIVATED/scim", "ACTIVE/scim", "DEACTIVATED/scim");
    }

    @Test
    void oktaProvisioningSequence() {
        String userName = "okta." + UUID.randomUUID().toString().substring(0, 8) + "@okta.local";
        Response lookup = client.get(filter("userName eq \"" + userName + "\"") + "&startIndex=1&count=100", token);
        assertThat(lookup.json().get("totalResults").asInt()).isZero();

        Response created = send("POST", users(""), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s",
                 "name": {"givenName": "Test", "familyName": "User"},
                 "emails": [{"primary": true, "value": "%s", "type": "work"}],
                 "displayName": "Test User", "locale": "en-US", "externalId": "00ujl29u0le5T6Aj10h7",
                 "groups": [], "password": "1mz050nq", "active": true}""".formatted(userName, userName));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().has("password")).as("passwords are never returned").isFalse();
        assertThat(realm.password(userName, "1mz050nq")).as("Okta's password works").isNotBlank();

        assertThat(client.get(users("/" + id), token).json().get("userName").asText()).isEqualTo(userName);

        Response newPassword = send("PATCH", users("/" + id), """
                {"schemas": ["%s"], "Operations": [{"op": "replace", "value": {"password": "n3w-Passw0rd"}}]}"""
                .formatted(PATCH_OP));
        assertThat(newPassword.status()).as(newPassword.toString()).isEqualTo(200);
        assertThat(realm.password(userName, "n3w-Passw0rd")).isNotBlank();

        Response deactivated = send("PATCH", users("/" + id), """
                {"schemas": ["%s"], "Operations": [{"op": "replace", "value": {"active": false}}]}""".formatted(PATCH_OP));
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(keycloakUser(id).isEnabled()).isFalse();

        Response reactivatedAndRenamed = send("PUT", users("/" + id), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "%s", "userName": "%s",
                 "name": {"givenName": "Testy", "familyName": "User"},
                 "emails": [{"primary": true, "value": "%s", "type": "work"}],
                 "displayName": "Testy User", "externalId": "00ujl29u0le5T6Aj10h7", "active": true}"""
                .formatted(id, userName, userName));
        assertThat(reactivatedAndRenamed.status()).as(reactivatedAndRenamed.toString()).isEqualTo(200);
        assertThat(keycloakUser(id).isEnabled()).isTrue();
        assertThat(keycloakUser(id).getFirstName()).isEqualTo("Testy");

        Response fullPutInactive = send("PUT", users("/" + id), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "%s", "userName": "%s",
                 "name": {"givenName": "Testy", "familyName": "User"},
                 "emails": [{"primary": true, "value": "%s", "type": "work"}],
                 "displayName": "Testy User", "externalId": "00ujl29u0le5T6Aj10h7", "active": false}"""
                .formatted(id, userName, userName));
        assertThat(fullPutInactive.status()).isEqualTo(200);
        assertThat(fullPutInactive.json().get("active").asBoolean()).isFalse();
        assertThat(keycloakUser(id).isEnabled()).isFalse();
        assertThat(keycloakUser(id).getEmail()).isEqualTo(userName);
        assertThat(history(id)).hasSize(3);
    }

    @Test
    void refusalsChangeNothing() {
        String bob = realm.userId("bob");
        String alice = realm.userId("alice");
        long usersBefore = realm.resource().users().count();

        // a taken userName, in another case: 409 uniqueness, nothing created
        assertScimError(send("POST", users(""), newUser("ALICE", "fresh@example.org", null)), 409, "uniqueness");
        // a taken e-mail address
        assertScimError(send("POST", users(""), newUser("fresh", "alice@example.org", null)), 409, "uniqueness");
        // an invalid e-mail address
        assertScimError(send("POST", users(""), newUser("fresh", "not-an-address", null)), 400, "invalidValue");
        // a password the realm's policy refuses, with the policy's message
        Response shortPassword = send("POST", users(""), newUser("fresh", "fresh@example.org", "short"));
        assertScimError(shortPassword, 400, "invalidValue");
        assertThat(shortPassword.json().get("detail").asText()).contains("8");
        assertThat(realm.resource().users().count()).isEqualTo(usersBefore);
        assertThat(realm.resource().users().search("fresh", true)).isEmpty();

        // a guard refusing the state change inside a multi-operation PATCH: the whole request is refused
        String bobBefore = state(bob);
        Response guarded = send("PATCH", users("/" + bob), """
                {"schemas": ["%s"], "Operations": [
                  {"op": "Replace", "path": "displayName", "value": "Bob (leaving)"},
                  {"op": "Replace", "path": "name.familyName", "value": "Leaving"},
                  {"op": "Replace", "path": "active", "value": "False"}]}""".formatted(PATCH_OP));
        assertScimError(guarded, 422, null);
        assertThat(guarded.json().get("detail").asText()).contains(BalanceGuardFactory.NON_ZERO_BALANCE);
        assertThat(state(bob)).isEqualTo(bobBefore);
        // ... and DELETE, which deactivates, meets the same guard
        assertScimError(client.send("DELETE", users("/" + bob), token, null, null), 422, null);
        assertThat(state(bob)).isEqualTo(bobBefore);

        // an invalid e-mail address in a PATCH
        String aliceBefore = state(alice);
        assertScimError(send("PATCH", users("/" + alice), """
                {"schemas": ["%s"], "Operations": [
                  {"op": "Replace", "path": "name.familyName", "value": "Changed"},
                  {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "nope"}]}""".formatted(PATCH_OP)),
                400, "invalidValue");
        // taking bob's e-mail address
        assertScimError(send("PATCH", users("/" + alice), """
                {"schemas": ["%s"], "Operations": [{"op": "Replace", "path": "emails", "value":
                  [{"value": "bob@example.org", "type": "work", "primary": true}]}]}""".formatted(PATCH_OP)),
                409, "uniqueness");
        assertThat(state(alice)).isEqualTo(aliceBefore);

        // an unknown user, every method
        String unknown = UUID.randomUUID().toString();
        assertScimError(client.get(users("/" + unknown), token), 404, null);
        assertScimError(send("PATCH", users("/" + unknown), "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\":"
                + " [{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]}"), 404, null);
        assertScimError(send("PUT", users("/" + unknown), newUser("ghost", "ghost@example.org", null)), 404, null);
        assertScimError(client.send("DELETE", users("/" + unknown), token, null, null), 404, null);
        assertThat(realm.resource().users().count()).isEqualTo(usersBefore);

        // a group body that is not one creates nothing
        int groupsBefore = realm.resource().groups().groups().size();
        assertScimError(send("POST", "/realms/" + realm.name() + "/scim2/Groups", "{}"), 400, "invalidSyntax");
        assertThat(realm.resource().groups().groups()).hasSize(groupsBefore);
        // an unsupported filter
        assertScimError(client.get(filter("phoneNumbers.value eq \"x\""), token), 400, "invalidFilter");
    }

    @Test
    void aRealmCanChooseThatDeleteDeletes() {
        try (TestRealm deleting = TestRealm.create(client, "scim-delete", rep -> rep.getAttributes()
                .put(Setting.SCIM_DELETE.attribute(), Setting.SCIM_DELETE_DELETE))) {
            String id = deleting.createUser("gone", "gone-password", java.util.Map.of());
            Response deleted = client.send("DELETE", "/realms/" + deleting.name() + "/scim2/Users/" + id,
                    deleting.apiToken(), null, null);
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
            assertThat(deleting.resource().users().search("gone", true)).isEmpty();
            assertScimError(client.get("/realms/" + deleting.name() + "/scim2/Users/" + id, deleting.apiToken()), 404, null);
        }
    }

    private static String newUser(String userName, String email, String password) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s",
                 "emails": [{"value": "%s", "type": "work", "primary": true}]%s}"""
                .formatted(userName, email, password == null ? "" : ", \"password\": \"" + password + "\"");
    }

    /** Everything a SCIM write may change, and the history. */
    private static String state(String id) {
        UserRepresentation user = keycloakUser(id);
        return user.getUsername() + "|" + user.getEmail() + "|" + user.getFirstName() + "|" + user.getLastName() + "|"
                + user.isEnabled() + "|" + new java.util.TreeMap<>(user.getAttributes() == null ? java.util.Map.of()
                : user.getAttributes()) + "|" + history(id).size();
    }
}
