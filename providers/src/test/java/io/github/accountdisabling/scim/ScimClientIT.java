package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The endpoint as a real SCIM client library (UnboundID's SCIM 2 SDK) and WSO2-style callers see it. */
@KeycloakIntegrationTest
class ScimClientIT {

    private static final String PASSWORD = "correct-horse-42";
    /** Reference 000's request body, with {@code true}: the reference's {@code false} there is a slip. */
    private static final String WSO2_DISABLE = """
            {
               "schemas": [
                  "urn:ietf:params:scim:api:messages:2.0:PatchOp",
                  "urn:scim:wso2:schema"
               ],
               "Operations": [
                  {
                        "op": "replace",
                        "value": {
                            "urn:scim:wso2:schema": {
                                "accountDisabled": true
                            }
                        }
                  }
               ]
            }""";

    private static TestClient client;
    private static KeycloakServer server;
    private static TestRealm realm;
    private static Client jaxrs;
    private static ScimService scim;

    @BeforeAll
    static void setUp(KeycloakServer keycloak, TestClient testClient) {
        server = keycloak;
        client = testClient;
        realm = TestRealm.create(client, "scim");
        String token = realm.apiToken();
        jaxrs = ClientBuilder.newClient()
                .register(new JacksonJsonProvider(JsonUtils.createObjectMapper()))
                .register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + token));
        scim = new ScimService(jaxrs.target(server.baseUrl() + "/realms/" + realm.name() + "/scim2"));
    }

    @AfterAll
    static void tearDown() {
        jaxrs.close();
        realm.close();
    }

    private static String scimPath(String path) {
        return "/realms/" + realm.name() + "/scim2" + path;
    }

    private static JsonNode history(String userId) {
        return client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json();
    }

    @Test
    void sdkReadsFiltersPatchesAndReplaces() throws Exception {
        String userId = realm.createUser("grace", PASSWORD, Map.of("balance.USD", List.of("0")));

        UserResource read = scim.retrieve("Users", userId, UserResource.class);
        assertThat(read.getUserName()).isEqualTo("grace");
        assertThat(read.getActive()).isTrue();
        assertThat(read.getEmails()).extracting(e -> e.getValue()).containsExactly("grace@example.org");
        assertThat(read.getMeta().getVersion()).startsWith("W/\"");

        ListResponse<UserResource> found = scim.searchRequest("Users")
                .filter(Filter.eq("userName", "grace").toString())
                .invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources()).extracting(UserResource::getId).containsExactly(userId);
        ListResponse<UserResource> byEmail = scim.searchRequest("Users")
                .filter(Filter.and(Filter.eq("emails.value", "grace@example.org"), Filter.eq("active", true)).toString())
                .invoke(UserResource.class);
        assertThat(byEmail.getResources()).extracting(UserResource::getId).containsExactly(userId);

        UserResource disabled = scim.modifyRequest("Users", userId).replaceValue("active", false).invoke(UserResource.class);
        assertThat(disabled.getActive()).isFalse();
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
        assertThat(history(userId).get(0).get("source").asText()).isEqualTo("scim");
        assertThat(realm.user(userId).toRepresentation().getAttributes())
                .containsEntry("accountDisabledSource", List.of("scim"))
                .containsEntry("accountDisabledBy", List.of(TestClient.API_CLIENT_ID));

        UserResource enabled = scim.modifyRequest("Users", userId)
                .replaceValue("urn:scim:wso2:schema:accountDisabled", false)
                .invoke(UserResource.class);
        assertThat(enabled.getActive()).isTrue();
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();

        UserResource toReplace = scim.retrieve("Users", userId, UserResource.class);
        toReplace.setActive(false);
        UserResource replaced = scim.replace(toReplace);
        assertThat(replaced.getActive()).isFalse();
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
        assertThat(history(userId)).hasSize(3);
        assertThat(realm.user(userId).toRepresentation().getUsername()).isEqualTo("grace");
    }

    @Test
    void sdkProvisionsAUserFromCreateToDelete() throws Exception {
        UserResource toCreate = new UserResource().setUserName("Kira.Provisioned@Example.org");
        toCreate.setExternalId("sdk-ext-1");
        toCreate.setName(new com.unboundid.scim2.common.types.Name().setGivenName("Kira").setFamilyName("Prov"));
        toCreate.setEmails(List.of(new com.unboundid.scim2.common.types.Email().setValue("kira@example.org")
                .setType("work").setPrimary(true)));
        toCreate.setPassword("Kira-Pass-123");

        UserResource created = scim.create("Users", toCreate);
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getUserName()).isEqualTo("kira.provisioned@example.org");
        assertThat(created.getExternalId()).isEqualTo("sdk-ext-1");
        assertThat(created.getActive()).isTrue();
        assertThat(created.getMeta().getLocation().toString()).endsWith("/Users/" + created.getId());
        assertThat(realm.password("kira.provisioned@example.org", "Kira-Pass-123")).as("the password was set").isNotBlank();

        UserResource read = scim.retrieve("Users", created.getId(), UserResource.class);
        assertThat(read.getName().getFamilyName()).isEqualTo("Prov");

        UserResource patched = scim.modifyRequest("Users", created.getId())
                .replaceValue("name.familyName", "Provisioned").replaceValue("active", false)
                .invoke(UserResource.class);
        assertThat(patched.getName().getFamilyName()).isEqualTo("Provisioned");
        assertThat(patched.getActive()).isFalse();

        patched.setDisplayName("Kira P.");
        patched.setActive(true);
        UserResource replaced = scim.replace(patched);
        assertThat(replaced.getDisplayName()).isEqualTo("Kira P.");
        assertThat(replaced.getActive()).isTrue();

        scim.delete("Users", created.getId());
        assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class))
                .as("gone for SCIM (RFC 7644 §3.6)").isInstanceOf(com.unboundid.scim2.common.exceptions.ResourceNotFoundException.class);
        assertThat(realm.user(created.getId()).toRepresentation().isEnabled()).as("DELETE deactivates, the account stays").isFalse();
        assertThat(history(created.getId())).extracting(row -> row.get("reason").asText())
                .containsExactly("", "", "deprovisioned by SCIM client");
    }

    @Test
    void wso2CurlBodyVerbatimDeactivatesAndFalseReactivates() {
        String userId = realm.createUser("heidi", PASSWORD, Map.of());
        String userToken = realm.password("heidi", PASSWORD);
        assertThat(realm.user(userId).getUserSessions()).hasSize(1);

        Response disable = client.send("PATCH", scimPath("/Users/" + userId), realm.apiToken(), "application/json", WSO2_DISABLE);

        assertThat(disable.status()).as(disable.toString()).isEqualTo(200);
        assertThat(disable.json().get("active").asBoolean()).isFalse();
        assertThat(disable.json().get("urn:scim:wso2:schema").get("accountDisabled").asBoolean()).isTrue();
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
        assertThat(realm.user(userId).getUserSessions()).isEmpty();
        assertThat(client.get("/realms/" + realm.name() + "/protocol/openid-connect/userinfo", userToken).status())
                .as("userinfo refuses the old token").isIn(401, 403);

        Response enable = client.send("PATCH", scimPath("/Users/" + userId), realm.apiToken(), "application/scim+json",
                WSO2_DISABLE.replace("\"accountDisabled\": true", "\"accountDisabled\": false"));
        assertThat(enable.status()).as(enable.toString()).isEqualTo(200);
        assertThat(enable.json().get("active").asBoolean()).isTrue();
        assertThat(realm.password("heidi", PASSWORD)).isNotBlank();
        assertThat(history(userId)).extracting(row -> row.get("toState").asText()).containsExactly("DEACTIVATED", "ACTIVE");
    }

    @Test
    void stringBooleansAndAnyCaseOpNamesAreAccepted() {
        String userId = realm.createUser("ivan", PASSWORD, Map.of());
        String body = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}""";
        Response response = client.send("PATCH", scimPath("/Users/" + userId), realm.apiToken(), "application/scim+json", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
        Response again = client.send("PATCH", scimPath("/Users/" + userId), realm.apiToken(), "application/scim+json",
                body.replace("\"Replace\"", "\"ADD\"").replace("\"False\"", "\"True\""));
        assertThat(again.status()).isEqualTo(200);
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    void discoveryDescribesUsersAndTheWso2Extension() {
        String token = realm.apiToken();
        JsonNode config = client.get(scimPath("/ServiceProviderConfig"), token).json();
        assertThat(config.get("patch").get("supported").asBoolean()).isTrue();
        assertThat(config.get("etag").get("supported").asBoolean()).isTrue();
        JsonNode schemas = client.get(scimPath("/Schemas"), token).json();
        assertThat(schemas.get("Resources")).extracting(s -> s.get("id").asText())
                .contains("urn:ietf:params:scim:schemas:core:2.0:User", "urn:scim:wso2:schema",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(config.get("changePassword").get("supported").asBoolean()).isTrue();
        assertThat(config.get("bulk").get("supported").asBoolean()).isFalse();
        JsonNode user = client.get(scimPath("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"), token).json();
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        user.get("attributes").forEach(attribute -> byName.put(attribute.get("name").asText(), attribute));
        assertThat(byName.keySet()).containsExactlyInAnyOrder("id", "externalId", "userName", "name", "displayName",
                "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone", "active",
                "password", "emails", "phoneNumbers", "addresses", "groups");
        assertThat(byName.get("groups").get("mutability").asText()).isEqualTo("readOnly");
        assertThat(byName.get("userName").get("mutability").asText()).isEqualTo("readWrite");
        assertThat(byName.get("userName").get("uniqueness").asText()).isEqualTo("server");
        assertThat(byName.get("password").get("mutability").asText()).isEqualTo("writeOnly");
        assertThat(byName.get("password").get("returned").asText()).isEqualTo("never");
        assertThat(byName.get("id").get("mutability").asText()).isEqualTo("readOnly");
        JsonNode wso2 = client.get(scimPath("/Schemas/urn:scim:wso2:schema"), token).json();
        assertThat(wso2.get("attributes").get(0).get("name").asText()).isEqualTo("accountDisabled");
        JsonNode types = client.get(scimPath("/ResourceTypes"), token).json();
        assertThat(types.get("Resources").get(0).get("schemaExtensions")).extracting(e -> e.get("schema").asText())
                .containsExactly("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:scim:wso2:schema");
        assertThat(client.get(scimPath("/ResourceTypes/User"), token).status()).isEqualTo(200);
    }
}
