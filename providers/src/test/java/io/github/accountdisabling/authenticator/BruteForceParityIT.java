package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.testing.HttpLogin;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute-force lockout applies to deactivated accounts as to any other: wrong passwords count, and a locked account
 * answers the same whatever its state, so guessing a deactivated account's password is no easier than an active one's.
 */
@KeycloakIntegrationTest
class BruteForceParityIT {

    private static final String PASSWORD = "correct-horse-42";
    private static final int FAILURE_FACTOR = 3;

    private static KeycloakServer server;
    private static TestClient client;
    private static final List<TestRealm> REALMS = new ArrayList<>();

    @BeforeAll
    static void setUp(KeycloakServer keycloak, TestClient testClient) {
        server = keycloak;
        client = testClient;
    }

    @AfterAll
    static void tearDown() {
        REALMS.forEach(TestRealm::close);
    }

    private static TestRealm bruteForceRealm(String browserFlow) {
        TestRealm realm = TestRealm.create(client, "brute-force", rep -> {
            rep.setBrowserFlow(browserFlow);
            rep.setBruteForceProtected(true);
            rep.setPermanentLockout(false);
            rep.setFailureFactor(FAILURE_FACTOR);
            rep.setWaitIncrementSeconds(600);
            rep.setMaxFailureWaitSeconds(900);
            rep.setQuickLoginCheckMilliSeconds(1L);
        });
        REALMS.add(realm);
        return realm;
    }

    /** An active and a deactivated account, both with the same password. */
    private record Pair(String activeName, String activeId, String deactivatedName, String deactivatedId) {
    }

    private static Pair pair(TestRealm realm, String prefix) {
        String active = realm.createUser(prefix + "-active", PASSWORD, Map.of());
        String deactivated = realm.createUser(prefix + "-frozen", PASSWORD, Map.of());
        Response response = client.post(realm.api("/users/" + deactivated + "/deactivate"), realm.apiToken(),
                json(map("reason", "closed")));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return new Pair(prefix + "-active", active, prefix + "-frozen", deactivated);
    }

    /** Keycloak counts failures in the background; waits until it has locked the account. */
    private static void awaitLocked(TestRealm realm, String userId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!Boolean.TRUE.equals(realm.resource().attackDetection().bruteForceUserStatus(userId).get("disabled"))) {
            assertThat(Instant.now()).as("account %s locked by brute-force protection", userId).isBefore(deadline);
            sleep(100);
        }
    }

    private static Response directGrant(TestRealm realm, String username, String password) {
        return client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", TestRealm.APP_CLIENT_ID, "username", username, "password", password));
    }

    @Test
    void directGrantAnswersALockedDeactivatedAccountLikeALockedActiveOne() {
        TestRealm realm = bruteForceRealm("browser-gated");
        Pair users = pair(realm, "grant");
        for (int i = 0; i < 2 * FAILURE_FACTOR; i++) {
            directGrant(realm, users.activeName(), "wrong-" + i);
            directGrant(realm, users.deactivatedName(), "wrong-" + i);
        }
        awaitLocked(realm, users.activeId());
        awaitLocked(realm, users.deactivatedId());

        Response active = directGrant(realm, users.activeName(), PASSWORD);
        Response deactivated = directGrant(realm, users.deactivatedName(), PASSWORD);
        assertThat(active.status()).isEqualTo(400);
        assertThat(active.json().get("error_description").asText()).isEqualTo("Invalid user credentials");
        assertThat(deactivated.status()).isEqualTo(active.status());
        assertThat(deactivated.body()).isEqualTo(active.body()).doesNotContain("Account disabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"browser-gated", "browser-identity-first-gated"})
    void browserAnswersALockedDeactivatedAccountLikeALockedActiveOne(String flow) {
        TestRealm realm = bruteForceRealm(flow);
        Pair users = pair(realm, "web");
        boolean identityFirst = flow.contains("identity-first");
        for (int i = 0; i < 2 * FAILURE_FACTOR; i++) {
            signIn(realm, identityFirst, users.activeName(), "wrong-" + i);
            signIn(realm, identityFirst, users.deactivatedName(), "wrong-" + i);
        }
        awaitLocked(realm, users.activeId());
        awaitLocked(realm, users.deactivatedId());

        HttpLogin.Page active = signIn(realm, identityFirst, users.activeName(), PASSWORD);
        HttpLogin.Page deactivated = signIn(realm, identityFirst, users.deactivatedName(), PASSWORD);
        assertThat(active.status()).as("the locked active account is not signed in").isEqualTo(200);
        assertThat(deactivated.status()).isEqualTo(active.status());
        assertThat(deactivated.body()).doesNotContain("account-disabled-message");
        assertThat(HttpLogin.visibleText(deactivated.body(), users.deactivatedName()))
                .isEqualTo(HttpLogin.visibleText(active.body(), users.activeName()));
    }

    private static HttpLogin.Page signIn(TestRealm realm, boolean identityFirst, String username, String password) {
        HttpLogin login = new HttpLogin(server.baseUrl());
        HttpLogin.Page page = login.start(realm.name(), TestRealm.APP_CLIENT_ID);
        if (!identityFirst) {
            return login.submit(page, Map.of("username", username, "password", password));
        }
        HttpLogin.Page passwordPage = login.submit(page, Map.of("username", username));
        assertThat(passwordPage.body()).as("every user name goes on to the password page").contains("id=\"password\"");
        return login.submit(passwordPage, Map.of("password", password));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
