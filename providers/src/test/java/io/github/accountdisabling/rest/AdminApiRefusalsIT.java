package io.github.accountdisabling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.LoopbackServer;
import io.github.accountdisabling.testing.LoopbackServer.Reply;
import io.github.accountdisabling.testing.RateLimitMinute;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.common.util.MultivaluedHashMap;

import java.time.Duration;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal of the admin API: the documented status and body, and nothing changed afterwards. */
@KeycloakIntegrationTest
class AdminApiRefusalsIT {

    private static final String PASSWORD = "correct-horse-42";

    private static TestClient client;
    private static TestRealm realm;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "refusals");
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static UserSnapshot snapshot(TestRealm in, String userId) {
        return UserSnapshot.of(client, in, userId);
    }

    private static String newUser(TestRealm in, String prefix, String balance) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        return in.createUser(username, PASSWORD, Map.of("balance.USD", List.of(balance)));
    }

    private static Response deactivate(TestRealm in, String userId, String token) {
        return client.post(in.api("/users/" + userId + "/deactivate"), token, "");
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        assertThat(response.json().get("error").asText()).isNotBlank();
    }

    // ---- sFOX texts ---------------------------------------------------------------------------------------

    @Test
    void deletingAnUnknownAccountAnswersSfoxsTextByteForByte() {
        Response response = client.delete(realm.api("/accounts/" + UUID.randomUUID()), realm.apiToken());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\": \"The account does not exist to be disabled.\"}");
    }

    @Test
    void deletingAnAccountWithABalanceAnswersSfoxsTextByteForByteAndChangesNothing() {
        String bob = realm.userId("bob");
        UserSnapshot before = snapshot(realm, bob);

        Response response = client.delete(realm.api("/accounts/" + bob), realm.apiToken());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).isEqualTo(
                "{\"error\": \"Can not disable account with non-zero balances. Please remove all balances and try again.\"}");
        assertThat(snapshot(realm, bob)).isEqualTo(before);
    }

    @Test
    void deletingAnAccountWithoutBalancesDeactivatesItWithAnEmptyBody() {
        String userId = newUser(realm, "zero", "0.00");
        Response response = client.delete(realm.api("/accounts/" + userId), realm.apiToken());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
    }

    // ---- state conflicts ----------------------------------------------------------------------------------

    @Test
    void deactivatingTwiceAndReactivatingTwiceConflictAndChangeNothing() {
        String userId = newUser(realm, "twice", "0");
        assertThat(deactivate(realm, userId, realm.apiToken()).status()).isEqualTo(200);
        UserSnapshot deactivated = snapshot(realm, userId);

        assertError(deactivate(realm, userId, realm.apiToken()), 409, "already_deactivated");
        assertError(client.delete(realm.api("/accounts/" + userId), realm.apiToken()), 409, "already_deactivated");
        assertThat(snapshot(realm, userId)).isEqualTo(deactivated);

        assertThat(client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), "").status()).isEqualTo(200);
        UserSnapshot active = snapshot(realm, userId);
        assertError(client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), ""), 409, "not_deactivated");
        assertThat(snapshot(realm, userId)).isEqualTo(active);
    }

    // ---- guards -------------------------------------------------------------------------------------------

    @Test
    void balanceGuardRefusesANonZeroBalance() {
        String userId = newUser(realm, "rich", "-0.01");
        UserSnapshot before = snapshot(realm, userId);
        Response response = deactivate(realm, userId, realm.apiToken());
        assertError(response, 422, "non_zero_balance");
        assertThat(response.json().get("error").asText())
                .isEqualTo("Can not disable account with non-zero balances. Please remove all balances and try again.");
        assertThat(snapshot(realm, userId)).isEqualTo(before);
    }

    @Test
    void balanceGuardRefusesAnUnreadableBalanceAttribute() {
        String userId = newUser(realm, "garbled", "lots");
        UserSnapshot before = snapshot(realm, userId);
        assertError(deactivate(realm, userId, realm.apiToken()), 503, "balance_unavailable");
        assertThat(snapshot(realm, userId)).isEqualTo(before);
    }

    @Test
    void lastAdminGuardRefusesTheLastRealmAdministrator() {
        try (TestRealm own = TestRealm.create(client, "lastadmin")) {
            String onlyAdmin = own.createUser("onlyadmin", PASSWORD, Map.of());
            own.grantManagementRoles(onlyAdmin, "realm-admin");
            UserSnapshot before = snapshot(own, onlyAdmin);

            assertError(deactivate(own, onlyAdmin, client.adminToken()), 422, "last_admin");
            assertThat(snapshot(own, onlyAdmin)).isEqualTo(before);

            String secondAdmin = own.createUser("secondadmin", PASSWORD, Map.of());
            own.grantManagementRoles(secondAdmin, "realm-admin");
            assertThat(deactivate(own, onlyAdmin, client.adminToken()).status()).isEqualTo(200);
            assertError(deactivate(own, secondAdmin, client.adminToken()), 422, "last_admin");
        }
    }

    @Test
    void lastAdminGuardCountsAdministratorsThroughParentGroups() {
        try (TestRealm own = TestRealm.create(client, "groupadmin")) {
            String management = own.resource().clients().findByClientId("realm-management").get(0).getId();
            RoleRepresentation realmAdmin = own.resource().clients().get(management).roles().get("realm-admin")
                    .toRepresentation();
            GroupRepresentation admins = new GroupRepresentation();
            admins.setName("admins");
            String adminsId;
            try (var created = own.resource().groups().add(admins)) {
                adminsId = CreatedResponseUtil.getCreatedId(created);
            }
            own.resource().groups().group(adminsId).roles().clientLevel(management).add(List.of(realmAdmin));
            GroupRepresentation operators = new GroupRepresentation();
            operators.setName("operators");
            String operatorsId;
            try (var created = own.resource().groups().group(adminsId).subGroup(operators)) {
                operatorsId = CreatedResponseUtil.getCreatedId(created);
            }
            String operator = own.createUser("operator", PASSWORD, Map.of());
            own.user(operator).joinGroup(operatorsId);
            UserSnapshot before = snapshot(own, operator);

            assertError(deactivate(own, operator, client.adminToken()), 422, "last_admin");
            assertThat(snapshot(own, operator)).isEqualTo(before);

            String direct = own.createUser("direct", PASSWORD, Map.of());
            own.grantManagementRoles(direct, "realm-admin");
            assertThat(deactivate(own, operator, client.adminToken()).status()).isEqualTo(200);
        }
    }

    @Test
    void selfGuardRefusesACallerDeactivatingItself() {
        String selfId = realm.createUser("selfie", PASSWORD, Map.of());
        realm.grantManagementRoles(selfId, "manage-users", "view-users");
        String ownToken = realm.password("selfie", PASSWORD);
        UserSnapshot before = snapshot(realm, selfId);

        assertError(deactivate(realm, selfId, ownToken), 422, "self_deactivation");
        assertError(client.patch(realm.api("/platform-users/" + selfId), ownToken, "{\"active\": false}"),
                422, "self_deactivation");
        assertThat(snapshot(realm, selfId)).isEqualTo(before);
    }

    @Test
    void managedUserGuardRefusesAUserOfAReadOnlyStore() {
        ComponentRepresentation ldap = new ComponentRepresentation();
        ldap.setName("corporate-directory");
        ldap.setProviderId("ldap");
        ldap.setProviderType("org.keycloak.storage.UserStorageProvider");
        ldap.setParentId(realm.id());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        // Disabled, so Keycloak never dials the (absent) directory; read-only, so the guard must refuse.
        config.putSingle("enabled", "false");
        config.putSingle("editMode", "READ_ONLY");
        config.putSingle("vendor", "other");
        config.putSingle("connectionUrl", "ldap://127.0.0.1:1");
        config.putSingle("usersDn", "ou=people,dc=example,dc=org");
        config.putSingle("usernameLDAPAttribute", "uid");
        config.putSingle("rdnLDAPAttribute", "uid");
        config.putSingle("uuidLDAPAttribute", "entryUUID");
        config.putSingle("userObjectClasses", "inetOrgPerson");
        config.putSingle("authType", "none");
        config.putSingle("importEnabled", "true");
        ldap.setConfig(config);
        String componentId;
        try (var response = realm.resource().components().add(ldap)) {
            assertThat(response.getStatus()).as("LDAP component created").isEqualTo(201);
            componentId = org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(response);
        }
        UserRepresentation managed = new UserRepresentation();
        managed.setUsername("directory-user");
        managed.setEnabled(true);
        managed.setFederationLink(componentId);
        PartialImportRepresentation partial = new PartialImportRepresentation();
        partial.setUsers(List.of(managed));
        realm.resource().partialImport(partial).close();
        String userId = realm.userId("directory-user");
        assertThat(realm.user(userId).toRepresentation().getFederationLink()).isEqualTo(componentId);
        UserSnapshot before = snapshot(realm, userId);

        Response response = deactivate(realm, userId, realm.apiToken());

        assertError(response, 422, "managed_user");
        assertThat(snapshot(realm, userId)).isEqualTo(before);
        assertThat(before.historyRows()).isZero();
    }

    // ---- ledger -------------------------------------------------------------------------------------------

    @Test
    void httpLedgerDecidesAndADeadOrBrokenLedgerRefusesWith503() throws Exception {
        try (TestRealm own = TestRealm.create(client, "ledger"); LoopbackServer ledger = new LoopbackServer()) {
            own.putConfig(map("enabled", true, "balanceSource", "http-ledger", "ledgerUrl", ledger.url() + "/ledger",
                    "ledgerTimeoutMillis", 500));
            String clean = newUser(own, "clean", "0");
            String owing = newUser(own, "owing", "0");

            ledger.answer(request -> request.path().contains(owing)
                    ? Reply.json("{\"balances\": {\"USD\": \"0.00\", \"BTC\": \"0.0001\"}}")
                    : Reply.json("{\"balances\": {\"USD\": \"0.00\"}}"));
            UserSnapshot owingBefore = snapshot(own, owing);
            assertError(deactivate(own, owing, own.apiToken()), 422, "non_zero_balance");
            assertThat(snapshot(own, owing)).isEqualTo(owingBefore);
            assertThat(deactivate(own, clean, own.apiToken()).status()).isEqualTo(200);
            assertThat(ledger.requests()).extracting(LoopbackServer.Request::path)
                    .contains("/ledger/users/" + clean + "/balances");

            for (Reply broken : List.of(new Reply(500, "oops", 0), Reply.json("{\"balances\": [1]}"),
                    Reply.json("not json"), Reply.json("{\"balances\": {\"USD\": \"ten\"}}"),
                    new Reply(200, "{\"balances\": {}}", 3_000))) {
                ledger.answer(request -> broken);
                assertError(deactivate(own, owing, own.apiToken()), 503, "balance_unavailable");
                assertThat(snapshot(own, owing)).isEqualTo(owingBefore);
            }

            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            own.putConfig(map("enabled", true, "ledgerUrl", "http://127.0.0.1:" + closedPort));
            assertError(deactivate(own, owing, own.apiToken()), 503, "balance_unavailable");
            assertThat(snapshot(own, owing)).isEqualTo(owingBefore);
        }
    }

    // ---- rate limit ---------------------------------------------------------------------------------------

    @Test
    void callerPastTheRateLimitGets429WithRetryAfterAndChangesNothing() {
        try (TestRealm own = TestRealm.create(client, "ratelimit")) {
            String userId = newUser(own, "limited", "0");
            own.putConfig(map("enabled", true, "rateLimitPerMinute", 2));
            String token = own.apiToken();
            RateLimitMinute.awaitRoomFor(Duration.ofSeconds(20));
            assertThat(deactivate(own, userId, token).status()).isEqualTo(200);
            assertThat(client.post(own.api("/users/" + userId + "/reactivate"), token, "").status()).isEqualTo(200);
            UserSnapshot before = snapshot(own, userId);

            Response limited = deactivate(own, userId, token);

            assertError(limited, 429, "rate_limited");
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
            assertThat(snapshot(own, userId)).isEqualTo(before);
            assertThat(client.delete(own.api("/accounts/" + userId), token).status()).isEqualTo(429);
            assertThat(snapshot(own, userId)).isEqualTo(before);
            // Another caller has its own budget.
            assertThat(deactivate(own, userId, client.adminToken()).status()).isEqualTo(200);
        }
    }

    // ---- authentication and authorization -----------------------------------------------------------------

    private static List<String[]> everyEndpoint(String userId) {
        return List.of(
                new String[]{"GET", "/config", null},
                new String[]{"PUT", "/config", "{\"enabled\": false}"},
                new String[]{"GET", "/users/" + userId, null},
                new String[]{"POST", "/users/" + userId + "/deactivate", "{}"},
                new String[]{"POST", "/users/" + userId + "/reactivate", "{}"},
                new String[]{"GET", "/users/" + userId + "/history", null},
                new String[]{"GET", "/users?email=alice@example.org", null},
                new String[]{"DELETE", "/accounts/" + userId, null},
                new String[]{"PATCH", "/platform-users/" + userId, "{\"active\": false}"});
    }

    @Test
    void everyEndpointAnswers401WithoutATokenAnd403WithoutPermissionAndChangesNothing() {
        String alice = realm.userId("alice");
        String aliceToken = realm.password("alice", "alice-password");
        UserSnapshot before = snapshot(realm, alice);
        JsonNode configBefore = client.get(realm.api("/config"), client.adminToken()).json();

        for (String[] endpoint : everyEndpoint(alice)) {
            String contentType = endpoint[2] == null ? null : "application/json";
            Response anonymous = client.send(endpoint[0], realm.api(endpoint[1]), null, contentType, endpoint[2]);
            assertThat(anonymous.status()).as("%s %s without token", endpoint[0], endpoint[1]).isEqualTo(401);
            Response forbidden = client.send(endpoint[0], realm.api(endpoint[1]), aliceToken, contentType, endpoint[2]);
            assertThat(forbidden.status()).as("%s %s as alice", endpoint[0], endpoint[1]).isEqualTo(403);
            assertThat(forbidden.json().get("code").asText()).isEqualTo("forbidden");
        }
        assertThat(snapshot(realm, alice)).isEqualTo(before);
        assertThat(client.get(realm.api("/config"), client.adminToken()).json()).isEqualTo(configBefore);
    }

    @Test
    void aUserIdOfAnotherRealmIsNotFound() {
        String demoAlice = client.admin().realm(TestClient.DEMO_REALM).users().searchByUsername("alice", true).get(0).getId();
        String token = realm.apiToken();
        assertError(client.get(realm.api("/users/" + demoAlice), token), 404, "user_not_found");
        assertError(client.get(realm.api("/users/" + demoAlice + "/history"), token), 404, "user_not_found");
        assertError(deactivate(realm, demoAlice, token), 404, "user_not_found");
        assertError(client.post(realm.api("/users/" + demoAlice + "/reactivate"), token, ""), 404, "user_not_found");
        assertError(client.patch(realm.api("/platform-users/" + demoAlice), token, "{\"active\": false}"), 404, "user_not_found");
        Response delete = client.delete(realm.api("/accounts/" + demoAlice), token);
        assertThat(delete.status()).isEqualTo(404);
        assertThat(delete.body()).isEqualTo("{\"error\": \"The account does not exist to be disabled.\"}");
        assertThat(client.admin().realm(TestClient.DEMO_REALM).users().get(demoAlice).toRepresentation().isEnabled()).isTrue();
    }

    // ---- realm toggle -------------------------------------------------------------------------------------

    @Test
    void toggleOffRefusesEveryDeactivationButLetsReactivationThrough() {
        try (TestRealm own = TestRealm.create(client, "toggleoff")) {
            String deactivated = newUser(own, "before", "0");
            assertThat(deactivate(own, deactivated, own.apiToken()).status()).isEqualTo(200);
            String active = newUser(own, "active", "0");
            own.putConfig(map("enabled", false));
            UserSnapshot before = snapshot(own, active);

            assertError(deactivate(own, active, own.apiToken()), 409, "account_disabling_off");
            assertError(client.delete(own.api("/accounts/" + active), own.apiToken()), 409, "account_disabling_off");
            assertError(client.patch(own.api("/platform-users/" + active), own.apiToken(), "{\"active\": false}"),
                    409, "account_disabling_off");
            assertThat(snapshot(own, active)).isEqualTo(before);

            assertThat(client.get(own.api("/users/" + deactivated), own.apiToken()).json().get("state").asText())
                    .isEqualTo("DEACTIVATED");
            // Asking for the state the user is already in changes nothing, so the toggle doesn't stand in the way.
            UserSnapshot alreadyOff = snapshot(own, deactivated);
            assertThat(client.patch(own.api("/platform-users/" + deactivated), own.apiToken(), "{\"active\": false}")
                    .status()).isEqualTo(200);
            assertThat(snapshot(own, deactivated)).isEqualTo(alreadyOff);
            assertThat(client.post(own.api("/users/" + deactivated + "/reactivate"), own.apiToken(), "").status())
                    .isEqualTo(200);
        }
    }

    // ---- Mendix-style PATCH and e-mail lookup -------------------------------------------------------------

    @Test
    void platformUserPatchSetsTheWantedStateIdempotently() {
        String userId = newUser(realm, "mendix", "0");
        String path = realm.api("/platform-users/" + userId);

        Response off = client.patch(path, realm.apiToken(), "{\"active\": false}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("state").asText()).isEqualTo("DEACTIVATED");
        UserSnapshot deactivated = snapshot(realm, userId);
        assertThat(client.patch(path, realm.apiToken(), "{\"active\": false}").status()).isEqualTo(200);
        assertThat(snapshot(realm, userId)).as("no second history row").isEqualTo(deactivated);

        Response on = client.patch(path, realm.apiToken(), "{\"active\": true}");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.json().get("state").asText()).isEqualTo("ACTIVE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"active\": null}", "{\"active\": \"false\"}", "{\"active\": 0}",
            "{\"active\": false, \"name\": \"x\"}", "[false]", "{\"active\": fals"})
    void platformUserPatchRefusesABadBodyWith400AndChangesNothing(String body) {
        String alice = realm.userId("alice");
        UserSnapshot before = snapshot(realm, alice);
        Response response = client.patch(realm.api("/platform-users/" + alice), realm.apiToken(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").asText()).isIn("invalid_json", "missing_field", "invalid_field", "unknown_field");
        assertThat(snapshot(realm, alice)).isEqualTo(before);
    }

    @Test
    void deactivateRefusesABadReasonWith400AndChangesNothing() {
        String alice = realm.userId("alice");
        UserSnapshot before = snapshot(realm, alice);
        assertError(client.post(realm.api("/users/" + alice + "/deactivate"), realm.apiToken(), "{\"reason\": 5}"),
                400, "invalid_field");
        assertError(client.post(realm.api("/users/" + alice + "/deactivate"), realm.apiToken(), "{\"why\": \"x\"}"),
                400, "unknown_field");
        assertError(client.post(realm.api("/users/" + alice + "/deactivate"), realm.apiToken(), "{\"reason\": "),
                400, "invalid_json");
        assertError(client.post(realm.api("/users/" + alice + "/deactivate"), realm.apiToken(),
                json(map("reason", "x".repeat(1025)))), 400, "invalid_reason");
        assertThat(snapshot(realm, alice)).isEqualTo(before);
    }

    @Test
    void lookupByEmailFindsTheUserAndItsState() {
        Response found = client.get(realm.api("/users?email=alice@example.org"), realm.apiToken());
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json()).hasSize(1);
        assertThat(found.json().get(0).get("username").asText()).isEqualTo("alice");
        assertThat(found.json().get(0).get("id").asText()).isEqualTo(realm.userId("alice"));
        assertThat(found.json().get(0).get("state").asText()).isEqualTo("ACTIVE");
        assertThat(client.get(realm.api("/users?email=nobody@example.org"), realm.apiToken()).json()).isEmpty();
        assertError(client.get(realm.api("/users"), realm.apiToken()), 400, "missing_parameter");
    }
}
