package io.github.accountdisabling.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.Jwt;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.LoopbackServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** What deactivation and reactivation do to a user's sessions, tokens and data, seen from outside. */
@KeycloakIntegrationTest
class DeactivationLifecycleIT {

    private static final String RP_CLIENT_ID = "rp";
    private static final String RP_SECRET = "rp-secret";
    private static final String PASSWORD = "correct-horse-42";
    private static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private static TestClient client;
    private static TestRealm realm;
    private static LoopbackServer relyingParty;
    private static String rpUuid;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        relyingParty = new LoopbackServer();
        realm = TestRealm.create(client, "lifecycle", rep -> {
            rep.setBruteForceProtected(true);
            rep.setPermanentLockout(true);
            rep.setFailureFactor(3);
            // Failures a few ms apart would count as a "quick login" and lock temporarily instead.
            rep.setQuickLoginCheckMilliSeconds(1L);
        });
        ClientRepresentation rp = new ClientRepresentation();
        rp.setClientId(RP_CLIENT_ID);
        rp.setSecret(RP_SECRET);
        rp.setPublicClient(false);
        rp.setDirectAccessGrantsEnabled(true);
        rp.setStandardFlowEnabled(true);
        rp.setRedirectUris(List.of("http://127.0.0.1/*"));
        rp.setAttributes(Map.of("backchannel.logout.url", relyingParty.url() + "/backchannel-logout",
                "backchannel.logout.session.required", "true"));
        // Keycloak 26.7 introspects a token only for a client in its audience.
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("rp-audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", RP_CLIENT_ID, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        rp.setProtocolMappers(List.of(audience));
        try (var response = realm.resource().clients().create(rp)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        rpUuid = realm.resource().clients().findByClientId(RP_CLIENT_ID).get(0).getId();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
        relyingParty.close();
    }

    private JsonNode login(String username, String scope) {
        return client.tokenRequest(realm.name(), Map.of("grant_type", "password", "client_id", RP_CLIENT_ID,
                "client_secret", RP_SECRET, "username", username, "password", PASSWORD, "scope", scope));
    }

    private Response refresh(String refreshToken) {
        return client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", RP_CLIENT_ID, "client_secret", RP_SECRET,
                "refresh_token", refreshToken));
    }

    private JsonNode introspect(String token) {
        Response response = client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token/introspect",
                Map.of("client_id", RP_CLIENT_ID, "client_secret", RP_SECRET, "token", token));
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private Response userinfo(String accessToken) {
        return client.get("/realms/" + realm.name() + "/protocol/openid-connect/userinfo", accessToken);
    }

    private Response deactivate(String userId, String reason) {
        return client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(), json(map("reason", reason)));
    }

    @Test
    void deactivationEndsEverySessionAndTokenAndTellsTheRelyingParty() throws Exception {
        String userId = realm.createUser("carol", PASSWORD, Map.of("balance.USD", List.of("0.00")));
        JsonNode first = login("carol", "openid");
        JsonNode second = login("carol", "openid");
        JsonNode offline = login("carol", "openid offline_access");
        // A password grant asking for offline_access yields an offline session only.
        assertThat(realm.user(userId).getUserSessions()).hasSize(2);
        assertThat(realm.user(userId).getOfflineSessions(rpUuid)).hasSize(1);
        assertThat(introspect(first.get("access_token").asText()).get("active").asBoolean()).isTrue();
        relyingParty.clear();

        Response response = deactivate(userId, "Closed at the customer's request");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode details = response.json().get("details");
        assertThat(details.get("sequence").asText()).isEqualTo("1");
        assertThat(details.get("resourceOwner").asText()).isEqualTo(realm.id());
        assertThat(Instant.parse(details.get("changeDate").asText())).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThat(Instant.parse(details.get("creationDate").asText())).isBefore(Instant.parse(details.get("changeDate").asText()).plusSeconds(1));

        for (JsonNode tokens : List.of(first, second, offline)) {
            Response refreshed = refresh(tokens.get("refresh_token").asText());
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(400);
            assertThat(refreshed.json().get("error").asText()).isEqualTo("invalid_grant");
            assertThat(introspect(tokens.get("access_token").asText()).get("active").asBoolean()).isFalse();
        }
        assertThat(userinfo(first.get("access_token").asText()).status()).isEqualTo(401);
        assertThat(realm.user(userId).getUserSessions()).isEmpty();
        assertThat(realm.user(userId).getOfflineSessions(rpUuid)).isEmpty();

        JsonNode jwks = client.get("/realms/" + realm.name() + "/protocol/openid-connect/certs", null).json();
        List<Jwt> logoutTokens = relyingParty.requests().stream()
                .filter(request -> request.path().equals("/backchannel-logout"))
                .map(request -> new Jwt(formValue(request.body(), "logout_token")))
                .toList();
        assertThat(logoutTokens).as("one logout token per online session").hasSize(2);
        for (Jwt token : logoutTokens) {
            assertThat(token.verifiedBy(jwks)).as("signed by the realm").isTrue();
            assertThat(token.claims().get("iss").asText()).isEqualTo(client.issuer(realm.name()));
            assertThat(token.claims().get("sub").asText()).isEqualTo(userId);
            assertThat(token.claims().get("events").has(BACKCHANNEL_EVENT)).isTrue();
            assertThat(token.claims().has("sid")).isTrue();
            assertThat(token.claims().has("nonce")).as("a logout token never carries a nonce").isFalse();
        }

        UserRepresentation after = realm.user(userId).toRepresentation();
        assertThat(after.isEnabled()).isFalse();
        assertThat(after.getAttributes())
                .containsEntry("accountDisabled", List.of("true"))
                .containsEntry("accountDisabledBy", List.of(TestClient.API_CLIENT_ID))
                .containsEntry("accountDisabledByName", List.of(TestClient.API_CLIENT_ID))
                .containsEntry("accountDisabledReason", List.of("Closed at the customer's request"))
                .containsEntry("accountDisabledSource", List.of("admin-api"));
        assertThat(Instant.parse(after.getAttributes().get("accountDisabledAt").get(0)))
                .isEqualTo(Instant.parse(details.get("changeDate").asText()));

        JsonNode state = client.get(realm.api("/users/" + userId), realm.apiToken()).json();
        assertThat(state.get("state").asText()).isEqualTo("DEACTIVATED");
        assertThat(state.get("source").asText()).isEqualTo("admin-api");
        assertThat(state.get("disabledBy").asText()).isEqualTo(TestClient.API_CLIENT_ID);
        assertThat(state.get("disabledByName").asText()).isEqualTo(TestClient.API_CLIENT_ID);

        List<AdminEventRepresentation> events = realm.resource().getAdminEvents();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.getResourceType()).isEqualTo("USER");
            assertThat(event.getOperationType()).isEqualTo("UPDATE");
            assertThat(event.getResourcePath()).isEqualTo("users/" + userId);
            assertThat(event.getRepresentation()).contains("\"state\":\"DEACTIVATED\"")
                    .contains("\"source\":\"admin-api\"").contains("Closed at the customer's request");
        });
    }

    @Test
    void reactivationGivesTheSameAccountBackButNotTheOldTokens() {
        String userId = realm.createUser("dave", PASSWORD, Map.of("balance.USD", List.of("0.00"),
                "department", List.of("sales")));
        UserResource user = realm.user(userId);
        GroupRepresentation group = new GroupRepresentation();
        group.setName("customers");
        try (var response = realm.resource().groups().add(group)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        String groupId = realm.resource().groups().groups("customers", 0, 1).get(0).getId();
        user.joinGroup(groupId);
        RoleRepresentation role = new RoleRepresentation();
        role.setName("premium");
        realm.resource().roles().create(role);
        user.roles().realmLevel().add(List.of(realm.resource().roles().get("premium").toRepresentation()));
        IdentityProviderRepresentation upstream = new IdentityProviderRepresentation();
        upstream.setAlias("upstream");
        upstream.setProviderId("oidc");
        upstream.setConfig(Map.of("clientId", "kc", "clientSecret", "s", "authorizationUrl", "http://127.0.0.1:9/auth",
                "tokenUrl", "http://127.0.0.1:9/token"));
        try (var response = realm.resource().identityProviders().create(upstream)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider("upstream");
        link.setUserId("dave-upstream-id");
        link.setUserName("dave@upstream");
        try (var response = user.addFederatedIdentity("upstream", link)) {
            assertThat(response.getStatus()).isEqualTo(204);
        }
        JsonNode before = login("dave", "openid offline_access");
        Map<String, List<String>> attributesBefore = user.toRepresentation().getAttributes();
        List<String> groupsBefore = user.groups().stream().map(GroupRepresentation::getName).toList();
        List<String> rolesBefore = realmRoleNames(user);
        List<String> linksBefore = user.getFederatedIdentity().stream()
                .map(l -> l.getIdentityProvider() + ":" + l.getUserId()).toList();
        int credentialsBefore = user.credentials().size();

        assertThat(deactivate(userId, "").status()).isEqualTo(200);
        Response reactivated = client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(),
                json(map("reason", "Customer came back")));

        assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
        assertThat(reactivated.json().get("details").get("sequence").asText()).isEqualTo("2");
        JsonNode fresh = login("dave", "openid");
        assertThat(fresh.get("access_token").asText()).isNotBlank();
        assertThat(refresh(before.get("refresh_token").asText()).status()).as("old refresh token stays dead").isEqualTo(400);
        assertThat(introspect(before.get("access_token").asText()).get("active").asBoolean()).isFalse();

        UserRepresentation after = user.toRepresentation();
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.getAttributes()).isEqualTo(attributesBefore);
        assertThat(user.groups().stream().map(GroupRepresentation::getName).toList()).isEqualTo(groupsBefore);
        assertThat(realmRoleNames(user)).isEqualTo(rolesBefore);
        assertThat(user.getFederatedIdentity().stream().map(l -> l.getIdentityProvider() + ":" + l.getUserId()).toList())
                .isEqualTo(linksBefore);
        assertThat(user.credentials()).hasSize(credentialsBefore);

        JsonNode history = client.get(realm.api("/users/" + userId + "/history"), realm.apiToken()).json();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("toState").asText()).isEqualTo("DEACTIVATED");
        assertThat(history.get(1).get("fromState").asText()).isEqualTo("DEACTIVATED");
        assertThat(history.get(1).get("toState").asText()).isEqualTo("ACTIVE");
        assertThat(history.get(1).get("reason").asText()).isEqualTo("Customer came back");
        assertThat(client.get(realm.api("/users/" + userId), realm.apiToken()).json().get("state").asText())
                .isEqualTo("ACTIVE");
    }

    @Test
    void stockDisableThroughTheAdminApiIsRevokedAndRecordedAsConsole() {
        String userId = realm.createUser("erin", PASSWORD, Map.of());
        JsonNode tokens = login("erin", "openid");
        login("erin", "openid offline_access");
        assertThat(realm.user(userId).getUserSessions()).hasSize(1);
        assertThat(realm.user(userId).getOfflineSessions(rpUuid)).hasSize(1);

        UserRepresentation rep = realm.user(userId).toRepresentation();
        rep.setEnabled(false);
        realm.user(userId).update(rep);

        assertThat(realm.user(userId).getUserSessions()).isEmpty();
        assertThat(realm.user(userId).getOfflineSessions(rpUuid)).isEmpty();
        assertThat(refresh(tokens.get("refresh_token").asText()).status()).isEqualTo(400);
        JsonNode history = client.get(realm.api("/users/" + userId + "/history"), realm.apiToken()).json();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("source").asText()).isEqualTo("console");
        assertThat(history.get(0).get("toState").asText()).isEqualTo("DEACTIVATED");
        String masterAdminId = client.admin().realm("master").users().searchByUsername("admin", true).get(0).getId();
        assertThat(history.get(0).get("actor").asText()).isEqualTo(masterAdminId);
        assertThat(history.get(0).get("actorName").asText()).isEqualTo("admin");
        assertThat(realm.user(userId).toRepresentation().getAttributes())
                .containsEntry("accountDisabledSource", List.of("console"));

        UserRepresentation enabled = realm.user(userId).toRepresentation();
        enabled.setEnabled(true);
        realm.user(userId).update(enabled);

        JsonNode afterEnable = client.get(realm.api("/users/" + userId + "/history"), realm.apiToken()).json();
        assertThat(afterEnable).hasSize(2);
        assertThat(afterEnable.get(1).get("toState").asText()).isEqualTo("ACTIVE");
        Map<String, List<String>> attributes = realm.user(userId).toRepresentation().getAttributes();
        assertThat(attributes == null ? Map.of() : attributes).doesNotContainKey("accountDisabled");
        assertThat(login("erin", "openid").get("access_token").asText()).isNotBlank();
    }

    @Test
    void permanentLockoutIsRevokedAndRecordedAsLockout() {
        String userId = realm.createUser("frank", PASSWORD, Map.of());
        JsonNode tokens = login("frank", "openid");
        for (int attempt = 0; attempt < 4; attempt++) {
            Response wrong = client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", RP_CLIENT_ID, "client_secret", RP_SECRET,
                    "username", "frank", "password", "wrong-" + attempt));
            assertThat(wrong.status()).isIn(400, 401);
            sleep(20);
        }
        awaitDisabled(userId);

        assertThat(realm.user(userId).getUserSessions()).isEmpty();
        assertThat(refresh(tokens.get("refresh_token").asText()).status()).isEqualTo(400);
        JsonNode history = client.get(realm.api("/users/" + userId + "/history"), realm.apiToken()).json();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("source").asText()).isEqualTo("lockout");

        Response reactivated = client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), "");
        assertThat(reactivated.status()).isEqualTo(200);
        assertThat(login("frank", "openid").get("access_token").asText()).as("lockout cleared").isNotBlank();
    }

    private void awaitDisabled(String userId) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (!realm.user(userId).toRepresentation().isEnabled()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("brute-force protection did not disable the user");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> realmRoleNames(UserResource user) {
        return user.roles().realmLevel().listAll().stream().map(RoleRepresentation::getName).sorted().toList();
    }

    private static String formValue(String body, String name) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
        }
        return values.get(name);
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
        return org.assertj.core.api.Assertions.within(duration.toMillis(), java.time.temporal.ChronoUnit.MILLIS);
    }
}
