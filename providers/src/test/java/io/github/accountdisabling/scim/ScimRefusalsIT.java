package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.RateLimitMinute;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.map;
import static io.github.accountdisabling.scim.ScimErrorAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed or refused SCIM request: the SCIM error body with the right scimType, and the user unchanged. */
@KeycloakIntegrationTest
class ScimRefusalsIT {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static TestClient client;
    private static TestRealm realm;
    private static String userId;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "scimrefusals");
        userId = realm.createUser("judy", "correct-horse-42", Map.of("balance.USD", List.of("0")));
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String users(String suffix) {
        return "/realms/" + realm.name() + "/scim2/Users" + suffix;
    }

    private static Response patch(String id, String body) {
        return client.send("PATCH", users("/" + id), realm.apiToken(), "application/scim+json", body);
    }

    private static String operations(String operations) {
        return "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": [" + operations + "]}";
    }


    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"schemas\": [                                                                 | invalidSyntax",
            "[]                                                                              | invalidSyntax",
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]} | invalidSyntax",
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": []} | invalidSyntax",
            "OPS{\"op\": \"merge\", \"path\": \"active\", \"value\": false}                   | invalidSyntax",
            "OPS{\"path\": \"active\", \"value\": false}                                      | invalidSyntax",
            // the demo realm doesn't let admins edit user names: its user profile refuses the change
            "OPS{\"op\": \"replace\", \"path\": \"userName\", \"value\": \"mallory\"}         | invalidValue",
            "OPS{\"op\": \"replace\", \"path\": \"id\", \"value\": \"x\"}                     | mutability",
            "OPS{\"op\": \"replace\", \"path\": \"meta.version\", \"value\": \"x\"}           | mutability",
            "OPS{\"op\": \"replace\", \"value\": {\"userName\": \"mallory\"}}                 | invalidValue",
            "OPS{\"op\": \"remove\", \"path\": \"active\"}                                    | mutability",
            "OPS{\"op\": \"replace\", \"path\": \"nickName2\", \"value\": \"x\"}              | invalidPath",
            "OPS{\"op\": \"replace\", \"path\": \"urn:scim:wso2:schema:locked\", \"value\": true} | invalidPath",
            "OPS{\"op\": \"replace\", \"value\": {\"urn:scim:wso2:schema\": {\"accountLocked\": true}}} | invalidPath",
            "OPS{\"op\": \"replace\", \"path\": \"active\", \"value\": \"maybe\"}             | invalidValue",
            "OPS{\"op\": \"replace\", \"path\": \"active\", \"value\": 0}                     | invalidValue",
            "OPS{\"op\": \"replace\", \"path\": \"active\"}                                   | invalidValue",
            "OPS{\"op\": \"replace\", \"value\": false}                                       | invalidValue",
            "OPS{\"op\": \"remove\"}                                                          | noTarget",
            "OPS{\"op\": \"replace\", \"path\": \"active\", \"value\": false}, {\"op\": \"replace\", \"path\": \"bogus\", \"value\": 1} | invalidPath",
    })
    void malformedPatchIsRefusedInScimShapeAndChangesNothing(String body, String scimType) {
        String request = body.startsWith("OPS") ? operations(body.substring(3)) : body;
        UserSnapshot before = UserSnapshot.of(client, realm, userId);

        assertScimError(patch(userId, request), 400, scimType);

        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);
        assertThat(before.enabled()).isTrue();
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedAndChangesNothing() {
        UserSnapshot before = UserSnapshot.of(client, realm, userId);
        String padding = "x".repeat(ScimResource.MAX_BODY_BYTES);
        String body = operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false, \"padding\": \"" + padding + "\"}");
        assertScimError(patch(userId, body), 413, null);
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);
    }

    @Test
    void malformedPutIsRefusedAndChangesNothing() {
        UserSnapshot before = UserSnapshot.of(client, realm, userId);
        assertScimError(client.send("PUT", users("/" + userId), realm.apiToken(), "application/scim+json",
                "{\"schemas\": [\"" + PATCH_OP + "\"], \"active\": false}"), 400, "invalidSyntax");
        assertScimError(client.send("PUT", users("/" + userId), realm.apiToken(), "application/scim+json",
                "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"active\": \"maybe\"}"), 400, "invalidValue");
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndTheCurrentOneIsAccepted() {
        Response read = client.get(users("/" + userId), realm.apiToken());
        String version = read.json().get("meta").get("version").asText();
        assertThat(read.header("ETag")).isEqualTo(version);
        UserSnapshot before = UserSnapshot.of(client, realm, userId);
        String disable = operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}");

        Response stale = client.sendWithHeaders("PATCH", users("/" + userId), realm.apiToken(), "application/scim+json",
                disable, Map.of("If-Match", "W/\"0000stale0000\""));
        assertScimError(stale, 412, null);
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(before);

        Response current = client.sendWithHeaders("PATCH", users("/" + userId), realm.apiToken(), "application/scim+json",
                disable, Map.of("If-Match", version));
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        assertThat(current.json().get("meta").get("version").asText()).isNotEqualTo(version);
        Response staleAgain = client.sendWithHeaders("PATCH", users("/" + userId), realm.apiToken(), "application/scim+json",
                operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": true}"), Map.of("If-Match", version));
        assertScimError(staleAgain, 412, null);
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
        assertThat(client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), "").status()).isEqualTo(200);
    }

    @Test
    void withoutATokenItIs401AndWithoutPermissionItIs403() {
        String alice = realm.userId("alice");
        String aliceToken = realm.password("alice", "alice-password");
        UserSnapshot before = UserSnapshot.of(client, realm, alice);
        String disable = operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}");
        String put = "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"active\": false}";
        for (String token : new String[]{null, "garbage", aliceToken}) {
            int status = token == aliceToken ? 403 : 401;
            assertScimError(client.send("GET", users("/" + alice), token, null, null), status, null);
            assertScimError(client.send("GET", users("?filter=userName%20eq%20%22alice%22"), token, null, null), status, null);
            assertScimError(client.send("PATCH", users("/" + alice), token, "application/scim+json", disable), status, null);
            assertScimError(client.send("PUT", users("/" + alice), token, "application/scim+json", put), status, null);
        }
        assertThat(UserSnapshot.of(client, realm, alice)).isEqualTo(before);
        assertScimError(client.send("GET", "/realms/" + realm.name() + "/scim2/ServiceProviderConfig", null, null, null), 401, null);
    }

    @Test
    void unknownUsersAndUsersOfOtherRealmsAre404() {
        String demoAlice = client.admin().realm(TestClient.DEMO_REALM).users().searchByUsername("alice", true).get(0).getId();
        assertScimError(client.get(users("/" + demoAlice), realm.apiToken()), 404, null);
        assertScimError(patch(demoAlice, operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}")), 404, null);
        assertThat(client.admin().realm(TestClient.DEMO_REALM).users().get(demoAlice).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    void guardsAndTheRealmToggleAnswerInScimShape() {
        String bob = realm.userId("bob");
        UserSnapshot bobBefore = UserSnapshot.of(client, realm, bob);
        Response guarded = patch(bob, operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}"));
        assertScimError(guarded, 422, null);
        assertThat(guarded.json().get("detail").asText()).contains("non_zero_balance");
        assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(bobBefore);

        try (TestRealm off = TestRealm.create(client, "scimoff")) {
            off.putConfig(map("enabled", false));
            String carl = off.createUser("carl", "correct-horse-42", Map.of());
            UserSnapshot before = UserSnapshot.of(client, off, carl);
            Response refused = client.send("PATCH", "/realms/" + off.name() + "/scim2/Users/" + carl, off.apiToken(),
                    "application/scim+json", operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}"));
            assertScimError(refused, 409, null);
            assertThat(refused.json().get("detail").asText()).contains("account_disabling_off");
            assertThat(UserSnapshot.of(client, off, carl)).isEqualTo(before);
        }
    }

    @Test
    void writesPastTheRateLimitAre429() {
        try (TestRealm limited = TestRealm.create(client, "scimrate")) {
            limited.putConfig(map("enabled", true, "rateLimitPerMinute", 1));
            String dan = limited.createUser("dan", "correct-horse-42", Map.of());
            String token = limited.apiToken();
            String path = "/realms/" + limited.name() + "/scim2/Users/" + dan;
            RateLimitMinute.awaitRoomFor(Duration.ofSeconds(20));
            assertThat(client.send("PATCH", path, token, "application/scim+json",
                    operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": false}")).status()).isEqualTo(200);
            UserSnapshot before = UserSnapshot.of(client, limited, dan);
            Response refused = client.send("PATCH", path, token, "application/scim+json",
                    operations("{\"op\": \"replace\", \"path\": \"active\", \"value\": true}"));
            assertScimError(refused, 429, null);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(UserSnapshot.of(client, limited, dan)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "addresses.locality eq \"a\"",
            "userName eq",
            "(userName eq \"a\"",
            "not (active eq maybe)",
            "active eq maybe",
            "active gt true",
            "meta.created co \"2026\"",
    })
    void unsupportedFiltersAre400InvalidFilter(String filter) {
        Response response = client.get(users("?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8)),
                realm.apiToken());
        assertScimError(response, 400, "invalidFilter");
    }

    @Test
    void orAndParenthesesCombineKeycloakQueries() {
        JsonNode both = client.get(users("?filter=" + encode("userName eq \"alice\" or userName eq \"bob\"")), realm.apiToken()).json();
        assertThat(both.get("totalResults").asInt()).isEqualTo(2);
        assertThat(both.get("Resources")).extracting(r -> r.get("userName").asText()).containsExactly("alice", "bob");
        JsonNode overlapping = client.get(users("?filter=" + encode(
                "userName eq \"alice\" or emails.value eq \"alice@example.org\" or userName eq \"bob\"")), realm.apiToken()).json();
        assertThat(overlapping.get("totalResults").asInt()).as("alice counted once").isEqualTo(2);
        JsonNode narrowed = client.get(users("?filter=" + encode(
                "(userName eq \"alice\" or userName eq \"bob\") and urn:scim:wso2:schema:accountDisabled eq false")
                + "&startIndex=2&count=1"), realm.apiToken()).json();
        assertThat(narrowed.get("totalResults").asInt()).isEqualTo(2);
        assertThat(narrowed.get("startIndex").asInt()).isEqualTo(2);
        assertThat(narrowed.get("Resources")).extracting(r -> r.get("userName").asText()).containsExactly("bob");
        JsonNode contradiction = client.get(users("?filter=" + encode("active eq true and active eq false")), realm.apiToken()).json();
        assertThat(contradiction.get("totalResults").asInt()).isZero();
        JsonNode serviceAccounts = client.get(users("?filter=" + encode("userName eq \"service-account-account-disabling-api\"")),
                realm.apiToken()).json();
        assertThat(serviceAccounts.get("totalResults").asInt()).as("service accounts are not SCIM users").isZero();
    }

    private static String encode(String filter) {
        return java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
