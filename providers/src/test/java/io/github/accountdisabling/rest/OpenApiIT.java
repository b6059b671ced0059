package io.github.accountdisabling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.json} against the live server: the server serves that very document, and every path, method and
 * status it documents happens, with every documented field in the body (and no field it doesn't document).
 */
@KeycloakIntegrationTest
class OpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WRITES = Set.of("put", "post", "patch", "delete");

    private static TestClient client;
    private static JsonNode document;
    private static TestRealm realm;
    private static TestRealm ledgerDown;
    private static TestRealm limited;
    private static TestRealm off;
    private static String nobodyToken;

    @BeforeAll
    static void setUp(TestClient testClient) throws IOException {
        client = testClient;
        document = JSON.readTree(Files.readString(Path.of(System.getProperty("kc.docs.dir", "../docs"), "openapi.json")));
        realm = TestRealm.create(client, "openapi");
        realm.createUser("nobody", "nobody-password", Map.of());
        nobodyToken = realm.password("nobody", "nobody-password");
        ledgerDown = TestRealm.create(client, "openapi-ledger");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ledgerDown.putConfig(map("enabled", true, "balanceSource", "http-ledger",
                "ledgerUrl", "http://127.0.0.1:" + closedPort, "ledgerTimeoutMillis", 500));
        limited = TestRealm.create(client, "openapi-limit");
        limited.putConfig(map("enabled", true, "rateLimitPerMinute", 1));
        off = TestRealm.create(client, "openapi-off");
        off.putConfig(map("enabled", false));
    }

    @AfterAll
    static void tearDown() {
        for (TestRealm each : new TestRealm[] {realm, ledgerDown, limited, off}) {
            if (each != null) {
                each.close();
            }
        }
    }

    @Test
    void theServerServesTheRepositorysDocument() {
        Response served = client.get(realm.api("/openapi.json"), realm.apiToken());

        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).startsWith("application/json");
        assertThat(served.json()).isEqualTo(document);
    }

    @Test
    void everyDocumentedStatusHappensWithTheDocumentedFields() {
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (operation.getKey().equals("parameters")) {
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> statuses = operation.getValue().get("responses").fields();
                     statuses.hasNext(); ) {
                    Map.Entry<String, JsonNode> documented = statuses.next();
                    String key = operation.getKey().toUpperCase() + " " + path.getKey() + " " + documented.getKey();
                    Response response = scenario(operation.getKey(), path.getKey(), documented.getKey(),
                            operation.getValue().has("requestBody")).get();
                    assertThat(response.status()).as(key + ": " + response).isEqualTo(Integer.parseInt(documented.getKey()));
                    JsonNode content = documented.getValue().path("content").path("application/json").path("schema");
                    if (!content.isMissingNode()) {
                        List<String> problems = new ArrayList<>();
                        conforms(response.json(), content, "$", problems);
                        assertThat(problems).as(key + ": " + response.body()).isEmpty();
                    } else if (!documented.getKey().equals("401")) {
                        assertThat(response.body()).as(key + " has no documented body").isEmpty();
                    }
                    checked.add(key);
                }
            }
        }
        assertThat(checked).as("the document has operations").hasSizeGreaterThan(40);
    }

    // ---- scenarios: one request per documented path, method and status ----------------------------------------

    private Supplier<Response> scenario(String method, String path, String status, boolean hasBody) {
        String key = method.toUpperCase() + " " + path + " " + status;
        switch (status) {
            case "401":
                return () -> send(realm, method, path, fresh(realm), null, validBody(path));
            case "403":
                return () -> send(realm, method, path, fresh(realm), nobodyToken, validBody(path));
            case "404":
                return () -> send(realm, method, path, UUID.randomUUID().toString(), tokenFor(realm, path), validBody(path));
            case "415":
                return () -> client.send(method.toUpperCase(), realm.api(path.replace("{id}", fresh(realm))),
                        tokenFor(realm, path), "text/plain", "enabled");
            case "429":
                return () -> {
                    String id = fresh(limited);
                    Response last = null;
                    for (int i = 0; i < 3 && (last == null || last.status() != 429); i++) {
                        last = send(limited, method, path, id, tokenFor(limited, path), validBody(path));
                    }
                    return last;
                };
            case "503":
                return () -> send(ledgerDown, method, path, fresh(ledgerDown), ledgerDown.apiToken(), deactivating(path));
            default:
                Supplier<Response> specific = specific().get(key);
                assertThat(specific).as("a scenario for " + key).isNotNull();
                return specific;
        }
    }

    private Map<String, Supplier<Response>> specific() {
        Map<String, Supplier<Response>> scenarios = new LinkedHashMap<>();
        String bob = realm.userId("bob");
        scenarios.put("GET /config 200", () -> client.get(realm.api("/config"), realm.apiToken()));
        scenarios.put("PUT /config 204", () -> client.put(realm.api("/config"), client.adminToken(),
                json(map("enabled", true))));
        scenarios.put("PUT /config 400", () -> client.put(realm.api("/config"), client.adminToken(), "{\"enabled\": null}"));
        scenarios.put("POST /flows 200", () -> inPlainRealm(name -> client.post(
                "/admin/realms/" + name + "/account-disabling/flows", client.adminToken(), "{}"), false));
        scenarios.put("POST /flows 400", () -> client.post(realm.api("/flows"), client.adminToken(),
                json(map("bind", "yes"))));
        scenarios.put("POST /flows 409", () -> inPlainRealm(name -> client.post(
                "/admin/realms/" + name + "/account-disabling/flows", client.adminToken(), "{}"), true));
        scenarios.put("GET /users 200", () -> client.get(realm.api("/users?state=ACTIVE&max=5"), realm.apiToken()));
        scenarios.put("GET /users 400", () -> client.get(realm.api("/users"), realm.apiToken()));
        scenarios.put("POST /users/deactivate 200", () -> client.post(realm.api("/users/deactivate"), realm.apiToken(),
                json(map("ids", List.of(fresh(realm), UUID.randomUUID().toString()), "reason", "bulk"))));
        scenarios.put("POST /users/deactivate 400", () -> client.post(realm.api("/users/deactivate"), realm.apiToken(),
                json(map("ids", List.of()))));
        scenarios.put("POST /users/reactivate 200", () -> client.post(realm.api("/users/reactivate"), realm.apiToken(),
                json(map("ids", List.of(deactivated(), fresh(realm))))));
        scenarios.put("POST /users/reactivate 400", () -> client.post(realm.api("/users/reactivate"), realm.apiToken(),
                json(map("ids", "not a list"))));
        scenarios.put("GET /users/{id} 200", () -> client.get(realm.api("/users/" + deactivated()), realm.apiToken()));
        scenarios.put("GET /users/{id}/history 200", () -> client.get(realm.api("/users/" + deactivated() + "/history"),
                realm.apiToken()));
        scenarios.put("POST /users/{id}/deactivate 200", () -> client.post(realm.api("/users/" + fresh(realm)
                + "/deactivate"), realm.apiToken(), json(map("reason", "documented"))));
        scenarios.put("POST /users/{id}/deactivate 400", () -> client.post(realm.api("/users/" + fresh(realm)
                + "/deactivate"), realm.apiToken(), json(map("reason", 5))));
        scenarios.put("POST /users/{id}/deactivate 409", () -> client.post(realm.api("/users/" + deactivated()
                + "/deactivate"), realm.apiToken(), "{}"));
        scenarios.put("POST /users/{id}/deactivate 422", () -> client.post(realm.api("/users/" + bob + "/deactivate"),
                realm.apiToken(), "{}"));
        scenarios.put("POST /users/{id}/reactivate 200", () -> client.post(realm.api("/users/" + deactivated()
                + "/reactivate"), realm.apiToken(), "{}"));
        scenarios.put("POST /users/{id}/reactivate 400", () -> client.post(realm.api("/users/" + deactivated()
                + "/reactivate"), realm.apiToken(), json(map("reason", 5))));
        scenarios.put("POST /users/{id}/reactivate 409", () -> client.post(realm.api("/users/" + fresh(realm)
                + "/reactivate"), realm.apiToken(), "{}"));
        scenarios.put("DELETE /accounts/{id} 200", () -> client.delete(realm.api("/accounts/" + fresh(realm)),
                realm.apiToken()));
        scenarios.put("DELETE /accounts/{id} 409", () -> client.delete(realm.api("/accounts/" + deactivated()),
                realm.apiToken()));
        scenarios.put("DELETE /accounts/{id} 422", () -> client.delete(realm.api("/accounts/" + bob), realm.apiToken()));
        scenarios.put("PATCH /platform-users/{id} 200", () -> client.patch(realm.api("/platform-users/" + fresh(realm)),
                realm.apiToken(), json(map("active", false))));
        scenarios.put("PATCH /platform-users/{id} 400", () -> client.patch(realm.api("/platform-users/" + fresh(realm)),
                realm.apiToken(), "{}"));
        scenarios.put("PATCH /platform-users/{id} 409", () -> client.patch(off.api("/platform-users/" + fresh(off)),
                off.apiToken(), json(map("active", false))));
        scenarios.put("PATCH /platform-users/{id} 422", () -> client.patch(realm.api("/platform-users/" + bob),
                realm.apiToken(), json(map("active", false))));
        scenarios.put("GET /openapi.json 200", () -> client.get(realm.api("/openapi.json"), realm.apiToken()));
        return scenarios;
    }

    private static Response send(TestRealm target, String method, String path, String id, String token, String body) {
        String url = target.api(path.replace("{id}", id));
        return WRITES.contains(method) && !method.equals("delete")
                ? client.send(method.toUpperCase(), url, token, "application/json", body)
                : client.send(method.toUpperCase(), url, token, null, null);
    }

    private static String tokenFor(TestRealm target, String path) {
        return path.equals("/config") || path.equals("/flows") ? client.adminToken() : target.apiToken();
    }

    private static String validBody(String path) {
        return switch (path) {
            case "/config" -> json(map("enabled", true, "rateLimitPerMinute", 1));
            case "/platform-users/{id}" -> json(map("active", false));
            case "/users/deactivate", "/users/reactivate" -> json(map("ids", List.of(UUID.randomUUID().toString())));
            default -> "{}";
        };
    }

    private static String deactivating(String path) {
        return path.equals("/platform-users/{id}") ? json(map("active", false)) : "{}";
    }

    /** A new active user without balances. */
    private static String fresh(TestRealm target) {
        return target.createUser("u" + UUID.randomUUID().toString().substring(0, 8), "password-1", Map.of());
    }

    /** A new user, deactivated. */
    private static String deactivated() {
        String id = fresh(realm);
        Response response = client.post(realm.api("/users/" + id + "/deactivate"), realm.apiToken(),
                json(map("reason", "for the document")));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return id;
    }

    /** Runs {@code call} in a realm of Keycloak's defaults, with a flow holding the installer's alias if asked. */
    private static Response inPlainRealm(Function<String, Response> call, boolean aliasTaken) {
        String name = "openapi-plain-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        client.admin().realms().create(rep);
        try {
            if (aliasTaken) {
                AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
                flow.setAlias("direct-grant-gated");
                flow.setProviderId("basic-flow");
                flow.setTopLevel(true);
                flow.setBuiltIn(false);
                try (var created = client.admin().realm(name).flows().createFlow(flow)) {
                    assertThat(created.getStatus()).isEqualTo(201);
                }
            }
            return call.apply(name);
        } finally {
            client.admin().realm(name).remove();
        }
    }

    // ---- schema check: required and documented fields, types ------------------------------------------------

    private static void conforms(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            conforms(value, document.at("/components/schemas/" + name), at, problems);
            return;
        }
        if (schema.has("oneOf")) {
            for (JsonNode option : schema.get("oneOf")) {
                List<String> optionProblems = new ArrayList<>();
                conforms(value, option, at, optionProblems);
                if (optionProblems.isEmpty()) {
                    return;
                }
            }
            problems.add(at + " matches none of " + schema.get("oneOf"));
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(at + " is null");
            }
            return;
        }
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(at + " is not an object");
                    return;
                }
                schema.path("required").forEach(required -> {
                    if (!value.has(required.asText())) {
                        problems.add(at + "." + required.asText() + " is missing");
                    }
                });
                JsonNode properties = schema.path("properties");
                if (!properties.isMissingNode()) {
                    value.fieldNames().forEachRemaining(field -> {
                        if (!properties.has(field)) {
                            problems.add(at + "." + field + " is not documented");
                        } else {
                            conforms(value.get(field), properties.get(field), at + "." + field, problems);
                        }
                    });
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + " is not an array");
                    return;
                }
                if (value.isEmpty()) {
                    problems.add(at + " is empty: nothing to compare with the document");
                }
                for (int i = 0; i < value.size(); i++) {
                    conforms(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(at + " is not a string");
                } else if (schema.has("enum") && !schema.get("enum").toString().contains("\"" + value.asText() + "\"")) {
                    problems.add(at + " is not one of " + schema.get("enum"));
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + " is not an integer");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + " is not a boolean");
                }
            }
            default -> {
            }
        }
    }
}
