package io.github.accountdisabling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.IntStream;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bodies, content types and query strings against every write and search endpoint of the admin API, the
 * compatibility calls and SCIM: never a 5xx, every refusal in its door's error shape, and nothing changed by a
 * refusal. The cases come from a seeded {@link RandomGenerator}, so a failure names the seed and the case that
 * reproduce it.
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
        Supplier<String> admin = client.reusedAdminTokens();
        try (TestRealm realm = TestRealm.create(client, "fuzz")) {
            realm.putConfig(map("enabled", true, "rateLimitPerMinute", 0));
            String userId = realm.createUser("finn", "correct-horse-42", Map.of("balance.USD", List.of("0.00")));
            String config = client.get(realm.api("/config"), admin.get()).body();
            String groupId = scimGroup(client, admin, realm, userId);
            List<Case> generated = generate(new Generator(RandomGeneratorFactory.of("L64X128MixRandom").create(SEED),
                    realm, userId, groupId));
            UserSnapshot before = UserSnapshot.of(client, realm, userId, admin.get());
            String group = client.get(groups(realm) + "/" + groupId, admin.get()).body();
            for (Case numbered : generated) {
                int i = numbered.index();
                Response response = client.send(numbered.method(), numbered.path(), admin.get(),
                        numbered.contentType(), numbered.body());
                assertThat(response.status()).as("seed %s case %s %s", SEED, i, numbered).isLessThan(500);
                if (response.status() >= 400) {
                    assertErrorShape(numbered, response);
                    assertThat(UserSnapshot.of(client, realm, userId, admin.get())).as("user after refused seed %s case %s %s", SEED, i, numbered)
                            .isEqualTo(before);
                    assertThat(client.get(realm.api("/config"), admin.get()).body())
                            .as("config after refused seed %s case %s %s", SEED, i, numbered).isEqualTo(config);
                    assertThat(client.get(groups(realm) + "/" + groupId, admin.get()).body())
                            .as("group after refused seed %s case %s %s", SEED, i, numbered).isEqualTo(group);
                } else if (numbered.write()) {
                    restore(client, admin, realm, userId, config);
                    restoreGroup(client, admin, realm, groupId, userId);
                    before = UserSnapshot.of(client, realm, userId, admin.get());
                    group = client.get(groups(realm) + "/" + groupId, admin.get()).body();
                }
            }
        }
    }

    private static List<Case> generate(Generator generator) {
        return IntStream.range(0, CASES).mapToObj(generator::next).toList();
    }

    /** A write went through (a generated body may be valid): back to an active user and the original config. */
    private static void restore(TestClient client, Supplier<String> admin, TestRealm realm, String userId, String config) {
        client.put(realm.api("/config"), admin.get(), config);
        if (!Boolean.TRUE.equals(realm.user(userId).toRepresentation().isEnabled())) {
            Response reactivated = client.post(realm.api("/users/" + userId + "/reactivate"), admin.get(), "");
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

    private static String scimGroup(TestClient client, Supplier<String> admin, TestRealm realm, String userId) {
        Response created = client.send("POST", groups(realm), admin.get(), "application/scim+json",
                groupBody(userId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** A group write went through: back to its name, no externalId, finn its only member. */
    private static void restoreGroup(TestClient client, Supplier<String> admin, TestRealm realm, String groupId, String userId) {
        Response restored = client.send("PUT", groups(realm) + "/" + groupId, admin.get(),
                "application/scim+json", groupBody(userId));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
    }

    private static void assertErrorShape(Case sent, Response response) {
        JsonNode body = response.json();
        if (sent.scim()) {
            assertThat(response.header("Content-Type")).as("seed %s case %s", SEED, sent).startsWith("application/scim+json");
            assertThat(body.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
            assertThat(body.get("status").asText()).isEqualTo(Integer.toString(response.status()));
        } else {
            assertThat(response.header("Content-Type")).as("seed %s case %s", SEED, sent).startsWith("application/json");
            assertThat(body.get("error").isTextual()).as("seed %s case %s: %s", SEED, sent, response).isTrue();
            assertThat(body.has("code") || sent.path().contains("/accounts/")).as("seed %s case %s: %s", SEED, sent, response).isTrue();
        }
    }

    /** Draws the cases: three writes to every search, each endpoint, content type and body equally likely. */
    private record Generator(RandomGenerator random, TestRealm realm, String userId, String groupId) {

        private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json",
                "application/scim+json", "application/json; charset=utf-8", "text/plain",
                "multipart/form-data; boundary=x", "multipart/form-data", "application/x-www-form-urlencoded",
                "application/xml", "*/*", "application/json;;", "garbage");
        private static final List<String> KEYS = List.of("reason", "active", "enabled", "rateLimitPerMinute",
                "balanceSource", "ledgerUrl", "ledgerTimeoutMillis", "bind", "schemas", "Operations", "op", "path",
                "value", "urn:scim:wso2:schema", "accountDisabled", "userName", "displayName", "members",
                "externalId", "ids", "");
        private static final List<String> VALUES = List.of("true", "false", "null", "\"True\"", "\"False\"", "0",
                "-1", "2147483648", "1e400", "-0", "[]", "{}", "[1,2]", "{\"accountDisabled\": true}",
                "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]",
                "[{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]",
                "[{\"op\": \"remove\"}]", "[{\"op\": \"add\", \"value\": {\"active\": \"maybe\"}}]",
                "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]", "[{\"value\": \"nobody\"}]",
                "[{\"op\": \"remove\", \"path\": \"members[value eq \\\"x\\\"]\"}]",
                "[{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": 1}]}]");
        private static final List<String> MALFORMED = List.of("", "{", "}", "{\"reason\":", "{\"a\":1}{\"b\":2}",
                "{\"reason\":\"x\",\"reason\":\"y\"}", "\u0000",
                "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--", "a=b&c=d");
        private static final List<String> FILTER_TOKENS = List.of("(", ")", "userName", "eq", "ne", "co", "\"finn\"",
                "\"", "or", "and", "not", "active", "true", "false", "emails[type eq \"work\"].value", "emails.value",
                "id", "externalId", "urn:scim:wso2:schema:accountDisabled", "[", "]", "\"a\\\"b\"", " ", "",
                "\u0000", "é", "displayName", "members", "members[value eq \"x\"]", "meta.lastModified", "gt", "pr");
        private static final List<String> ODD_NUMBERS = List.of("", "-0", "1.5", "0x10", "9999999999999999999999",
                "NaN", " 1");
        /** Characters a generated string is drawn from: ASCII, controls, JSON's specials, non-Latin, surrogates. */
        private static final String ALPHABET = "abcXYZ019 _-.:/@\\\"'{}[],=&?%+\t\r\n\u0000\u0001\u001f\u007f"
                + "\u00e9\u00df\u0394\u4e2d\u202e\ufeff\uffff\ud800\udc00";

        Case next(int index) {
            return random.nextInt(4) < 3 ? write(index) : search(index);
        }

        private Case write(int index) {
            String scim = "/realms/" + realm.name() + "/scim2/Users";
            String endpoint = pick(List.of(
                    "POST " + realm.api("/users/" + userId + "/deactivate"),
                    "POST " + realm.api("/users/" + userId + "/reactivate"),
                    "POST " + realm.api("/users/deactivate"),
                    "POST " + realm.api("/users/reactivate"),
                    "DELETE " + realm.api("/accounts/" + userId),
                    "PATCH " + realm.api("/platform-users/" + userId),
                    "PUT " + realm.api("/config"),
                    "POST " + realm.api("/flows"),
                    "PATCH " + scim + "/" + userId,
                    "PUT " + scim + "/" + userId,
                    "POST " + scim,
                    "PATCH " + groups(realm) + "/" + groupId,
                    "PUT " + groups(realm) + "/" + groupId,
                    "POST " + groups(realm)));
            String type = random.nextDouble() < 0.1 ? null : pick(CONTENT_TYPES);
            return new Case(index, endpoint.split(" ")[0], endpoint.split(" ")[1], type, body());
        }

        private Case search(int index) {
            String scim = "/realms/" + realm.name() + "/scim2/Users";
            String path = switch (random.nextInt(4)) {
                case 0 -> scim + "?filter=" + encode(filter());
                case 1 -> groups(realm) + "?filter=" + encode(filter()) + "&excludedAttributes=members";
                case 2 -> scim + "?filter=" + encode("active eq true or userName eq \"finn\"")
                        + "&startIndex=" + encode(number()) + "&count=" + encode(number());
                default -> realm.api("/users?email=" + encode(string(300)));
            };
            return new Case(index, "GET", path, null, null);
        }

        private String body() {
            return switch (random.nextInt(6)) {
                case 0, 1 -> object();
                case 2 -> value();
                case 3 -> string(500);
                case 4 -> pick(MALFORMED);
                default -> "{\"reason\":\"" + "x".repeat(random.nextInt(1, 80_001)) + "\"}";
            };
        }

        private String object() {
            int fields = random.nextInt(6);
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < fields; i++) {
                String key = random.nextBoolean() ? pick(KEYS) : string(20);
                json.append(i == 0 ? "" : ",").append(quote(key)).append(':').append(value());
            }
            return json.append('}').toString();
        }

        private String value() {
            return switch (random.nextInt(3)) {
                case 0 -> quote(string(2_000));
                case 1 -> pick(VALUES);
                default -> String.valueOf(random.nextInt());
            };
        }

        private String filter() {
            return switch (random.nextInt(3)) {
                case 0 -> {
                    List<String> tokens = new ArrayList<>();
                    for (int i = random.nextInt(41); i > 0; i--) {
                        tokens.add(pick(FILTER_TOKENS));
                    }
                    yield String.join(" ", tokens);
                }
                case 1 -> {
                    int depth = random.nextInt(1, 5_001);
                    yield "(".repeat(depth) + "active eq true" + ")".repeat(depth);
                }
                default -> string(300);
            };
        }

        private String number() {
            return switch (random.nextInt(3)) {
                case 0 -> String.valueOf(random.nextInt());
                case 1 -> String.valueOf(random.nextLong());
                default -> pick(ODD_NUMBERS);
            };
        }

        /** Short strings most often, as edge cases live there; now and then one near the maximum. */
        private String string(int maxLength) {
            int length = random.nextInt(4) == 0 ? random.nextInt(maxLength + 1) : random.nextInt(Math.min(8, maxLength) + 1);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            return text.toString();
        }

        private <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }
    }

    private static String quote(String text) {
        return json(text);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
