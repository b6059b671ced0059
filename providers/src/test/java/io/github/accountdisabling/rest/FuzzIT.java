package io.github.accountdisabling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bodies, content types and query strings against every write and search endpoint of the admin API, the
 * compatibility calls and SCIM: never a 5xx, every refusal in its door's error shape, and nothing changed by a
 * refusal. The seed is fixed, so a failure names the case that reproduces it.
 */
@KeycloakIntegrationTest
class FuzzIT {

    private static final long SEED = 20_261_125L;
    private static final int CASES = 600;

    private record Case(int index, String method, String path, String contentType, String body) {
        boolean scim() {
            return path.contains("/scim2/");
        }

        boolean write() {
            return !method.equals("GET");
        }
    }

    @Test
    void generatedRequestsNeverFailTheServerAndRefusalsChangeNothing(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "fuzz")) {
            realm.putConfig(map("enabled", true, "rateLimitPerMinute", 0));
            String userId = realm.createUser("finn", "correct-horse-42", Map.of("balance.USD", List.of("0.00")));
            String config = client.get(realm.api("/config"), client.adminToken()).body();
            String groupId = scimGroup(client, realm, userId);
            List<Case> generated = generate(cases(realm, userId, groupId));
            UserSnapshot before = UserSnapshot.of(client, realm, userId);
            String group = client.get(groups(realm) + "/" + groupId, client.adminToken()).body();
            for (int i = 0; i < CASES; i++) {
                Case sent = generated.get(i);
                Case numbered = new Case(i, sent.method(), sent.path(), sent.contentType(), sent.body());
                Response response = client.send(numbered.method(), numbered.path(), client.adminToken(),
                        numbered.contentType(), numbered.body());
                assertThat(response.status()).as("case %s %s", i, numbered).isLessThan(500);
                if (response.status() >= 400) {
                    assertErrorShape(numbered, response);
                    assertThat(UserSnapshot.of(client, realm, userId)).as("user after refused case %s %s", i, numbered)
                            .isEqualTo(before);
                    assertThat(client.get(realm.api("/config"), client.adminToken()).body())
                            .as("config after refused case %s %s", i, numbered).isEqualTo(config);
                    assertThat(client.get(groups(realm) + "/" + groupId, client.adminToken()).body())
                            .as("group after refused case %s %s", i, numbered).isEqualTo(group);
                } else if (numbered.write()) {
                    restore(client, realm, userId, config);
                    restoreGroup(client, realm, groupId, userId);
                    before = UserSnapshot.of(client, realm, userId);
                    group = client.get(groups(realm) + "/" + groupId, client.adminToken()).body();
                }
            }
        }
    }

    /** jqwik's generators outside a jqwik test: a session with the fixed seed. */
    private static List<Case> generate(Arbitrary<Case> cases) {
        JqwikSession.start(Long.toString(SEED));
        try {
            return cases.sampleStream().limit(CASES).toList();
        } finally {
            JqwikSession.finish();
        }
    }

    /** A write went through (a generated body may be valid): back to an active user and the original config. */
    private static void restore(TestClient client, TestRealm realm, String userId, String config) {
        client.put(realm.api("/config"), client.adminToken(), config);
        if (!Boolean.TRUE.equals(realm.user(userId).toRepresentation().isEnabled())) {
            Response reactivated = client.post(realm.api("/users/" + userId + "/reactivate"), client.adminToken(), "");
            assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
        }
    }

    private static String groups(TestRealm realm) {
        return "/realms/" + realm.name() + "/scim2/Groups";
    }

    private static String groupBody(String userId) {
        return "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"displayName\": \"fuzzers\", "
                + "\"members\": [{\"value\": \"" + userId + "\"}]}";
    }

    private static String scimGroup(TestClient client, TestRealm realm, String userId) {
        Response created = client.send("POST", groups(realm), client.adminToken(), "application/scim+json",
                groupBody(userId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** A group write went through: back to its name, no externalId, finn its only member. */
    private static void restoreGroup(TestClient client, TestRealm realm, String groupId, String userId) {
        Response restored = client.send("PUT", groups(realm) + "/" + groupId, client.adminToken(),
                "application/scim+json", groupBody(userId));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
    }

    private static void assertErrorShape(Case sent, Response response) {
        JsonNode body = response.json();
        if (sent.scim()) {
            assertThat(response.header("Content-Type")).as("case %s", sent).startsWith("application/scim+json");
            assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(body.get("status").asText()).isEqualTo(Integer.toString(response.status()));
        } else {
            assertThat(response.header("Content-Type")).as("case %s", sent).startsWith("application/json");
            assertThat(body.get("error").isTextual()).as("case %s: %s", sent, response).isTrue();
            assertThat(body.has("code") || sent.path().contains("/accounts/")).as("case %s: %s", sent, response).isTrue();
        }
    }

    private static Arbitrary<Case> cases(TestRealm realm, String userId, String groupId) {
        String scim = "/realms/" + realm.name() + "/scim2/Users";
        String scimGroups = groups(realm);
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "application/scim+json",
                "application/json; charset=utf-8", "text/plain", "multipart/form-data; boundary=x", "multipart/form-data",
                "application/x-www-form-urlencoded", "application/xml", "*/*", "application/json;;", "garbage");
        Arbitrary<String> body = bodies();
        Arbitrary<Case> writes = Combinators.combine(Arbitraries.of(
                        "POST " + realm.api("/users/" + userId + "/deactivate"),
                        "POST " + realm.api("/users/" + userId + "/reactivate"),
                        "PATCH " + realm.api("/platform-users/" + userId),
                        "PUT " + realm.api("/config"),
                        "POST " + realm.api("/flows"),
                        "PATCH " + scim + "/" + userId,
                        "PUT " + scim + "/" + userId,
                        "PATCH " + scimGroups + "/" + groupId,
                        "PUT " + scimGroups + "/" + groupId,
                        "POST " + scimGroups),
                contentType.injectNull(0.1), body)
                .as((endpoint, type, payload) -> new Case(0, endpoint.split(" ")[0], endpoint.split(" ")[1], type, payload));
        Arbitrary<Case> searches = Arbitraries.oneOf(
                filters().map(filter -> new Case(0, "GET", scim + "?filter=" + encode(filter), null, null)),
                filters().map(filter -> new Case(0, "GET", scimGroups + "?filter=" + encode(filter)
                        + "&excludedAttributes=members", null, null)),
                Combinators.combine(numbers(), numbers()).as((start, count) ->
                        new Case(0, "GET", scim + "?filter=" + encode("active eq true or userName eq \"finn\"")
                                + "&startIndex=" + encode(start) + "&count=" + encode(count), null, null)),
                Arbitraries.strings().ofMaxLength(300).map(email ->
                        new Case(0, "GET", realm.api("/users?email=" + encode(email)), null, null)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, writes),
                net.jqwik.api.Tuple.of(1, searches));
    }

    private static Arbitrary<String> bodies() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("reason", "active", "enabled", "rateLimitPerMinute", "balanceSource", "ledgerUrl",
                        "ledgerTimeoutMillis", "bind", "schemas", "Operations", "op", "path", "value",
                        "urn:scim:wso2:schema", "accountDisabled", "userName", "displayName", "members",
                        "externalId", ""),
                Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(2_000).map(FuzzIT::quote),
                Arbitraries.of("true", "false", "null", "\"True\"", "\"False\"", "0", "-1", "2147483648",
                        "1e400", "-0", "[]", "{}", "[1,2]", "{\"accountDisabled\": true}",
                        "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]",
                        "[{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]",
                        "[{\"op\": \"remove\"}]", "[{\"op\": \"add\", \"value\": {\"active\": \"maybe\"}}]",
                        "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]", "[{\"value\": \"nobody\"}]",
                        "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"x\\\"]\"}]",
                        "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": 1}]}]"),
                Arbitraries.integers().map(String::valueOf));
        Arbitrary<String> objects = Combinators.combine(keys.list().ofMaxSize(5), values.list().ofMaxSize(5))
                .as((names, vals) -> {
                    StringBuilder json = new StringBuilder("{");
                    for (int i = 0; i < Math.min(names.size(), vals.size()); i++) {
                        json.append(i == 0 ? "" : ",").append(quote(names.get(i))).append(':').append(vals.get(i));
                    }
                    return json.append('}').toString();
                });
        return Arbitraries.oneOf(objects, objects, values,
                Arbitraries.strings().ofMaxLength(500),
                Arbitraries.of("", "{", "}", "{\"reason\":", "{\"a\":1}{\"b\":2}", "{\"reason\":\"x\",\"reason\":\"y\"}",
                        "\u0000", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--", "a=b&c=d"),
                Arbitraries.integers().between(1, 80_000).map(n -> "{\"reason\":\"" + "x".repeat(n) + "\"}"));
    }

    private static Arbitrary<String> filters() {
        Arbitrary<String> token = Arbitraries.of("(", ")", "userName", "eq", "ne", "co", "\"finn\"", "\"", "or", "and",
                "not", "active", "true", "false", "emails[type eq \"work\"].value", "emails.value", "id", "externalId",
                "urn:scim:wso2:schema:accountDisabled", "[", "]", "\"a\\\"b\"", " ", "", "\u0000", "é",
                "displayName", "members", "members[value eq \"x\"]", "meta.lastModified", "gt", "pr");
        return Arbitraries.oneOf(
                token.list().ofMaxSize(40).map(tokens -> String.join(" ", tokens)),
                Arbitraries.integers().between(1, 5_000).map(depth -> "(".repeat(depth) + "active eq true" + ")".repeat(depth)),
                Arbitraries.strings().ofMaxLength(300));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("", "-0", "1.5", "0x10", "9999999999999999999999", "NaN", " 1"));
    }

    private static String quote(String text) {
        return json(text);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
