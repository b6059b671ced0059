package io.github.accountdisabling.authenticator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.Browser;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Once deactivated, no grant gives the user a token, whichever way it is asked for. */
@KeycloakIntegrationTest
class GrantsRefuseDeactivatedUsersIT {

    private static final String PASSWORD = "correct-horse-42";
    private static final String RP = "rp";
    private static final String RP_SECRET = "rp-secret";

    private static TestClient client;
    private static TestRealm realm;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "grants");
        ClientRepresentation rp = new ClientRepresentation();
        rp.setClientId(RP);
        rp.setSecret(RP_SECRET);
        rp.setPublicClient(false);
        rp.setDirectAccessGrantsEnabled(true);
        rp.setStandardFlowEnabled(true);
        rp.setRedirectUris(List.of("http://127.0.0.1/*"));
        rp.setAttributes(Map.of("standard.token.exchange.enabled", "true"));
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("rp-audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", RP, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        rp.setProtocolMappers(List.of(audience));
        create(rp);

        ClientRepresentation batch = new ClientRepresentation();
        batch.setClientId("batch-job");
        batch.setSecret("batch-secret");
        batch.setPublicClient(false);
        batch.setServiceAccountsEnabled(true);
        batch.setStandardFlowEnabled(false);
        create(batch);

        ClientRepresentation tv = new ClientRepresentation();
        tv.setClientId("living-room-tv");
        tv.setPublicClient(true);
        tv.setStandardFlowEnabled(false);
        tv.setAttributes(Map.of("oauth2.device.authorization.grant.enabled", "true"));
        create(tv);
    }

    private static void create(ClientRepresentation rep) {
        try (var response = realm.resource().clients().create(rep)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String tokenPath() {
        return "/realms/" + realm.name() + "/protocol/openid-connect/token";
    }

    private static JsonNode passwordGrant(String username, String scope) {
        return client.tokenRequest(realm.name(), Map.of("grant_type", "password", "client_id", RP, "client_secret", RP_SECRET,
                "username", username, "password", PASSWORD, "scope", scope));
    }

    private static void deactivate(String userId) {
        Response response = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(), "");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static void assertRefused(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(400, 401);
        assertThat(response.body()).doesNotContain("access_token");
        assertThat(response.json().get("error").asText()).isIn("invalid_grant", "unauthorized_client", "invalid_request",
                "access_denied", "invalid_token", "expired_token");
    }

    @Test
    void directGrantAnswersInvalidGrantOnlyAfterTheRightPassword() {
        String userId = realm.createUser("ines", PASSWORD, Map.of());
        realm.createUser("jonas", PASSWORD, Map.of());
        deactivate(userId);
        Map<String, String> base = Map.of("grant_type", "password", "client_id", RP, "client_secret", RP_SECRET);

        Response disabled = client.postForm(tokenPath(), with(base, "username", "ines", "password", PASSWORD));
        assertThat(disabled.status()).isEqualTo(400);
        assertThat(disabled.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(disabled.json().get("error_description").asText()).isEqualTo("Account disabled");

        Response disabledWrong = client.postForm(tokenPath(), with(base, "username", "ines", "password", "nope-nope"));
        Response activeWrong = client.postForm(tokenPath(), with(base, "username", "jonas", "password", "nope-nope"));
        Response unknown = client.postForm(tokenPath(), with(base, "username", "no-such-user", "password", "nope-nope"));
        assertThat(activeWrong.status()).as("Keycloak's own answer").isBetween(400, 401);
        for (Response response : List.of(disabledWrong, activeWrong, unknown)) {
            assertThat(response.status()).isEqualTo(activeWrong.status());
            assertThat(response.body()).isEqualTo(activeWrong.body());
            assertThat(response.json().get("error").asText()).isEqualTo("invalid_grant");
        }
        assertThat(client.postForm(tokenPath(), with(base, "username", "jonas", "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void refreshTokenIsRefused() {
        String userId = realm.createUser("karl", PASSWORD, Map.of());
        String refreshToken = passwordGrant("karl", "openid").get("refresh_token").asText();
        deactivate(userId);
        assertRefused(client.postForm(tokenPath(), Map.of("grant_type", "refresh_token", "client_id", RP,
                "client_secret", RP_SECRET, "refresh_token", refreshToken)));
    }

    @Test
    void offlineTokenIsRefused() {
        String userId = realm.createUser("lena", PASSWORD, Map.of());
        String offlineToken = passwordGrant("lena", "openid offline_access").get("refresh_token").asText();
        deactivate(userId);
        assertRefused(client.postForm(tokenPath(), Map.of("grant_type", "refresh_token", "client_id", RP,
                "client_secret", RP_SECRET, "refresh_token", offlineToken)));
    }

    @Test
    void tokenExchangeIsRefused() {
        String userId = realm.createUser("max", PASSWORD, Map.of());
        String subjectToken = passwordGrant("max", "openid").get("access_token").asText();
        Map<String, String> exchange = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", RP, "client_secret", RP_SECRET, "subject_token", subjectToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        Response before = client.postForm(tokenPath(), exchange);
        assertThat(before.status()).as("exchange works while active: " + before).isEqualTo(200);
        deactivate(userId);
        assertRefused(client.postForm(tokenPath(), exchange));
    }

    @Test
    void clientCredentialsOfADeactivatedServiceAccountAreRefused() {
        Map<String, String> grant = Map.of("grant_type", "client_credentials", "client_id", "batch-job",
                "client_secret", "batch-secret");
        assertThat(client.postForm(tokenPath(), grant).status()).isEqualTo(200);
        String serviceAccount = realm.userId("service-account-batch-job");
        deactivate(serviceAccount);
        assertRefused(client.postForm(tokenPath(), grant));
    }

    private record DeviceAuthorization(String deviceCode, String verificationUri) {
    }

    private static DeviceAuthorization startDeviceAuthorization() {
        Response authorization = client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/auth/device",
                Map.of("client_id", "living-room-tv", "scope", "openid"));
        assertThat(authorization.status()).as(authorization.toString()).isEqualTo(200);
        return new DeviceAuthorization(authorization.json().get("device_code").asText(),
                authorization.json().get("verification_uri_complete").asText());
    }

    /** The user signs in on the verification page and grants the device access. */
    private static void approve(DeviceAuthorization device, String username) {
        try (Browser browser = new Browser()) {
            browser.open(device.verificationUri());
            browser.login(username, PASSWORD);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d ->
                    !d.findElements(By.id("kc-login")).isEmpty() || d.getPageSource().contains("Device Login Successful"));
            if (!browser.driver().findElements(By.id("kc-login")).isEmpty()) {
                browser.driver().findElement(By.id("kc-login")).click();
            }
            browser.awaitText("Device Login Successful");
        }
    }

    private static Response poll(DeviceAuthorization device) {
        return client.postForm(tokenPath(), Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "client_id", "living-room-tv", "device_code", device.deviceCode()));
    }

    @Test
    void deviceGrantIsRefused() {
        realm.createUser("olaf", PASSWORD, Map.of());
        DeviceAuthorization control = startDeviceAuthorization();
        approve(control, "olaf");
        assertThat(poll(control).json().has("access_token")).as("an active user's device gets a token").isTrue();

        String userId = realm.createUser("nora", PASSWORD, Map.of());
        DeviceAuthorization approvedBefore = startDeviceAuthorization();
        approve(approvedBefore, "nora");
        deactivate(userId);
        Response pending = poll(approvedBefore);
        assertThat(pending.status()).isEqualTo(400);
        assertThat(pending.body()).doesNotContain("access_token");

        DeviceAuthorization afterwards = startDeviceAuthorization();
        try (Browser browser = new Browser()) {
            browser.open(afterwards.verificationUri());
            browser.login("nora", PASSWORD);
            browser.await(By.id("account-disabled-message"));
        }
        Response refused = poll(afterwards);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("access_token");
    }

    private static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> result = new java.util.HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            result.put(more[i], more[i + 1]);
        }
        return result;
    }
}
