package io.github.accountdisabling.rest;

import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.RateLimitMinute;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Malformed and hostile input: a clear refusal in the documented shape, nothing changed, no 5xx. */
@KeycloakIntegrationTest
class HostileInputIT {

    private static final String PASSWORD = "correct-horse-42";

    private static KeycloakServer server;
    private static TestClient client;
    private static TestRealm realm;

    @BeforeAll
    static void setUp(KeycloakServer keycloak, TestClient testClient) {
        server = keycloak;
        client = testClient;
        realm = TestRealm.create(client, "hostile");
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String scimUsers(String query) {
        return "/realms/" + realm.name() + "/scim2/Users" + query;
    }

    private static void assertScimError(Response response, int status, String scimType) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/scim+json");
        assertThat(response.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.json().get("scimType").asText()).isEqualTo(scimType);
    }

    @Test
    void deeplyNestedFilterIsRefusedNotOverflowed() throws Exception {
        String filter = "(".repeat(2_000) + "userName eq \"alice\"" + ")".repeat(2_000);
        long logBefore = server.logMark();
        Response response = client.get(scimUsers("?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)),
                realm.apiToken());
        assertScimError(response, 400, "invalidFilter");
        String logAfter = String.join("\n", server.logSince(logBefore));
        assertThat(logAfter).doesNotContain("StackOverflowError");
    }

    @Test
    void startIndexAtTheTopOfTheIntRangeIsAnEmptyPage() {
        String filter = URLEncoder.encode("active eq true or userName eq \"alice\"", StandardCharsets.UTF_8);
        Response response = client.get(scimUsers("?filter=" + filter + "&startIndex=2147483647"), realm.apiToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("startIndex").asLong()).isEqualTo(2147483647L);
        assertThat(response.json().get("Resources")).isEmpty();
        assertThat(response.json().get("totalResults").asInt()).isPositive();
        Response first = client.get(scimUsers("?filter=" + filter + "&startIndex=1&count=1"), realm.apiToken());
        assertThat(first.status()).isEqualTo(200);
    }

    @Test
    void reasonsWithControlOrBidiCharactersAreRefusedAndTheLimitCountsCharacters() {
        String userId = realm.createUser("rhea", PASSWORD, Map.of());
        UserSnapshot before = UserSnapshot.of(client, realm, userId);
        for (String reason : List.of("nul\u0000", "esc\u001b[31mred", "two\r\nlines", "tab\tbed", "\u202Egnp.exe",
                "isolate\u2066x\u2069", "mark\u200F")) {
            Response refused = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(),
                    json(map("reason", reason)));
            assertThat(refused.status()).as("%s: %s", reason, refused).isEqualTo(400);
            assertThat(refused.json().get("code").asText()).isEqualTo("invalid_reason");
        }
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);

        String tooLong = "\uD83D\uDE00".repeat(1_025);
        Response refused = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(),
                json(map("reason", tooLong)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);

        String emoji = "\uD83D\uDE00".repeat(600);
        Response accepted = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(),
                json(map("reason", emoji)));
        assertThat(accepted.status()).as("600 characters, 1,200 UTF-16 units: %s", accepted).isEqualTo(200);
        assertThat(client.get(realm.api("/users/" + userId), realm.apiToken()).json().get("reason").asText()).isEqualTo(emoji);
    }

    @Test
    void everyDocumentedFieldOfAUserIsPresent() {
        String userId = realm.createUser("fiona", PASSWORD, Map.of());
        Response response = client.get(realm.api("/users/" + userId), realm.apiToken());
        assertThat(response.status()).isEqualTo(200);
        List<String> fields = new java.util.ArrayList<>();
        response.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "username", "state", "disabledAt", "disabledBy", "disabledByName", "reason",
                "source");
        assertThat(response.json().get("reason").isNull()).isTrue();
    }

    @Test
    void rateLimitBucketsAreKeptPerRealmAndClientNotPerClientIdString() {
        try (TestRealm limited = TestRealm.create(client, "limited")) {
            limited.putConfig(Map.of("enabled", true, "rateLimitPerMinute", 5));
            String operator = limited.createUser("opal", PASSWORD, Map.of());
            limited.grantManagementRoles(operator, "manage-users", "view-users");
            String target = limited.createUser("tom", PASSWORD, Map.of());
            String realmAdminCli = client.userToken(limited.name(), "admin-cli", "opal", PASSWORD);
            String path = limited.api("/platform-users/" + target);
            RateLimitMinute.awaitRoomFor(Duration.ofSeconds(20));
            for (int i = 0; i < 5; i++) {
                assertThat(client.patch(path, realmAdminCli, json(map("active", true))).status()).isEqualTo(200);
            }
            assertThat(client.patch(path, realmAdminCli, json(map("active", true))).status()).isEqualTo(429);
            Response master = client.patch(path, client.adminToken(), json(map("active", true)));
            assertThat(master.status()).as("master's admin-cli is another caller: %s", master).isEqualTo(200);
        }
    }

    @Test
    void aClientIdCannotForgeALogLine() throws Exception {
        ClientRepresentation evil = new ClientRepresentation();
        evil.setClientId("evil\n2026-11-25 00:00:00,000 INFO  [forged] (main) FORGED-LINE");
        evil.setSecret("evil-secret-1");
        evil.setPublicClient(false);
        evil.setServiceAccountsEnabled(true);
        evil.setStandardFlowEnabled(false);
        realm.resource().clients().create(evil).close();
        String evilId = realm.resource().clients().findByClientId(evil.getClientId()).get(0).getId();
        UserRepresentation serviceAccount = realm.resource().clients().get(evilId).getServiceAccountUser();
        realm.grantManagementRoles(serviceAccount.getId(), "manage-users", "view-users");
        String token = client.clientToken(realm.name(), evil.getClientId(), "evil-secret-1");
        String userId = realm.createUser("lola", PASSWORD, Map.of());

        long logBefore = server.logMark();
        Response response = client.post(realm.api("/users/" + userId + "/deactivate"), token, "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        String logAfter = String.join("\n", server.logSince(logBefore));
        assertThat(logAfter).contains("Deactivated user " + userId);
        assertThat(logAfter.lines().filter(line -> line.contains("FORGED-LINE"))).allMatch(line -> line.contains("evil\\u000a"));
    }

    @Test
    void nonJsonBodiesAreRefusedWith415InEachDoorsShapeAndChangeNothing() {
        String userId = realm.createUser("nora", PASSWORD, Map.of());
        UserSnapshot before = UserSnapshot.of(client, realm, userId);
        String config = client.get(realm.api("/config"), client.adminToken()).body();
        String multipart = "multipart/form-data; boundary=x";
        for (String type : List.of(multipart, "multipart/form-data", "application/x-www-form-urlencoded", "text/plain",
                "application/xml")) {
            for (String[] call : List.of(new String[] {"POST", "/users/" + userId + "/deactivate"},
                    new String[] {"POST", "/users/" + userId + "/reactivate"},
                    new String[] {"PATCH", "/platform-users/" + userId},
                    new String[] {"PUT", "/config"},
                    new String[] {"POST", "/flows"})) {
                Response refused = client.send(call[0], realm.api(call[1]), client.adminToken(), type, "--x\r\ngarbage");
                assertThat(refused.status()).as("%s %s as %s: %s", call[0], call[1], type, refused).isEqualTo(415);
                assertThat(refused.json().get("code").asText()).isEqualTo("unsupported_media_type");
            }
            for (String method : List.of("PATCH", "PUT")) {
                Response refused = client.send(method, scimUsers("/" + userId), realm.apiToken(), type, "--x\r\ngarbage");
                assertThat(refused.status()).as("SCIM %s as %s: %s", method, type, refused).isEqualTo(415);
                assertThat(refused.header("Content-Type")).startsWith("application/scim+json");
            }
        }
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);
        assertThat(client.get(realm.api("/config"), client.adminToken()).body()).isEqualTo(config);
    }

    /** Keycloak's security-headers filter would answer such a type with a 500 after the change had been made. */
    @Test
    void aContentTypeThatIsNoMediaTypeIsRefusedOnEveryMethodBeforeAnythingChanges() {
        String userId = realm.createUser("nils", PASSWORD, Map.of());
        UserSnapshot before = UserSnapshot.of(client, realm, userId);
        for (String[] call : List.of(new String[] {"DELETE", realm.api("/accounts/" + userId)},
                new String[] {"GET", realm.api("/users/" + userId)},
                new String[] {"POST", realm.api("/users/" + userId + "/deactivate")})) {
            Response refused = client.send(call[0], call[1], client.adminToken(), "garbage", null);
            assertThat(refused.status()).as("%s %s: %s", call[0], call[1], refused).isEqualTo(415);
            assertThat(refused.json().get("code").asText()).isEqualTo("unsupported_media_type");
        }
        for (String method : List.of("DELETE", "GET")) {
            Response refused = client.send(method, scimUsers("/" + userId), realm.apiToken(), "garbage", null);
            assertThat(refused.status()).as("SCIM %s: %s", method, refused).isEqualTo(415);
            assertThat(refused.header("Content-Type")).startsWith("application/scim+json");
        }
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    void scimAnswersUnknownPathsAndMethodsInTheScimErrorSchema() {
        String userId = realm.createUser("sven", PASSWORD, Map.of());
        for (Response response : List.of(
                client.get("/realms/" + realm.name() + "/scim2/Nothing/here", realm.apiToken()),
                client.send("DELETE", scimUsers(""), realm.apiToken(), null, null),
                client.send("PATCH", "/realms/" + realm.name() + "/scim2/ServiceProviderConfig", realm.apiToken(),
                        "application/scim+json", "{}"),
                client.send("POST", "/realms/" + realm.name() + "/scim2/Schemas", realm.apiToken(), "application/scim+json", "{}"))) {
            assertThat(response.status()).as(response.toString()).isIn(404, 405);
            assertThat(response.header("Content-Type")).startsWith("application/scim+json");
            assertThat(response.json().get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(response.json().get("status").asText()).isEqualTo(Integer.toString(response.status()));
        }
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    void deactivatedUsersAreListedOnePageAtATime() {
        try (TestRealm listed = TestRealm.create(client, "listed")) {
            String first = listed.createUser("lisa", PASSWORD, Map.of());
            String second = listed.createUser("liam", PASSWORD, Map.of());
            listed.createUser("leo", PASSWORD, Map.of());
            for (String id : List.of(first, second)) {
                Response response = client.post(listed.api("/users/" + id + "/deactivate"), listed.apiToken(),
                        json(map("reason", "closed " + id)));
                assertThat(response.status()).isEqualTo(200);
            }
            Response all = client.get(listed.api("/users?state=DEACTIVATED&first=0&max=100"), listed.apiToken());
            assertThat(all.status()).isEqualTo(200);
            assertThat(all.json()).hasSize(2);
            all.json().forEach(user -> {
                assertThat(user.get("state").asText()).isEqualTo("DEACTIVATED");
                assertThat(user.get("reason").asText()).isEqualTo("closed " + user.get("id").asText());
                assertThat(user.get("source").asText()).isEqualTo("admin-api");
                assertThat(user.get("disabledAt").asText()).isNotBlank();
            });
            assertThat(client.get(listed.api("/users?state=DEACTIVATED&first=1&max=1"), listed.apiToken()).json()).hasSize(1);
            assertThat(client.get(listed.api("/users?state=DEACTIVATED&first=2&max=1"), listed.apiToken()).json()).isEmpty();
            for (String bad : List.of("state=GONE", "state=DEACTIVATED&max=0", "state=DEACTIVATED&max=101",
                    "state=DEACTIVATED&first=-1", "state=DEACTIVATED&first=x", "state=DEACTIVATED&max=2147483648")) {
                Response refused = client.get(listed.api("/users?" + bad), listed.apiToken());
                assertThat(refused.status()).as(bad).isEqualTo(400);
                assertThat(refused.json().get("code").asText()).isEqualTo("invalid_parameter");
            }
        }
    }
}
