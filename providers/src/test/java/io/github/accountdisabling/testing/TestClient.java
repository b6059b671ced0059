package io.github.accountdisabling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Drives the server over plain HTTP (what relying apps and tools send) and through Keycloak's admin client. */
public final class TestClient implements AutoCloseable {

    public static final String DEMO_REALM = "demo";
    public static final String API_CLIENT_ID = "account-disabling-api";
    public static final String API_CLIENT_SECRET = "demo-api-secret";
    public static final String DEMO_APP_CLIENT_ID = "demo-app";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private Keycloak admin;

    TestClient(KeycloakServer server) {
        this.server = server;
    }

    /** A client of one node of a {@link KeycloakCluster}. */
    public static TestClient of(KeycloakServer server) {
        return new TestClient(server);
    }

    /** Keycloak's admin client logged into master as the bootstrap admin; it refreshes its own token. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = Keycloak.getInstance(server.baseUrl(), "master", KeycloakServer.ADMIN_USERNAME,
                    KeycloakServer.ADMIN_PASSWORD, "admin-cli");
        }
        return admin;
    }

    /** Forgets the admin client's session, e.g. after the server restarted on new ports. */
    public synchronized void resetAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    /** The {@code iss} of the realm's tokens. */
    public String issuer(String realm) {
        return server.baseUrl() + "/realms/" + realm;
    }

    /** A fresh master-realm admin token (master tokens live only a minute, so none is cached). */
    public String adminToken() {
        return userToken("master", "admin-cli", KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
    }

    /**
     * Master admin tokens, each reused for half of its one-minute life: for a test making hundreds of calls in a row,
     * where a password grant per call would be most of its time.
     */
    public Supplier<String> reusedAdminTokens() {
        return new Supplier<>() {
            private String token;
            private Instant fetchedAt;

            @Override
            public String get() {
                if (token == null || Duration.between(fetchedAt, Instant.now()).compareTo(Duration.ofSeconds(30)) > 0) {
                    token = adminToken();
                    fetchedAt = Instant.now();
                }
                return token;
            }
        };
    }

    /** Token of the demo realm's back-end client: its service account holds manage-users and view-users only. */
    public String apiClientToken() {
        return clientToken(DEMO_REALM, API_CLIENT_ID, API_CLIENT_SECRET);
    }

    public String clientToken(String realm, String clientId, String secret) {
        return tokenRequest(realm, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret)).get("access_token").asText();
    }

    public String userToken(String realm, String clientId, String username, String password) {
        return tokenRequest(realm, Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", password)).get("access_token").asText();
    }

    public JsonNode tokenRequest(String realm, Map<String, String> form) {
        Response response = postForm("/realms/" + realm + "/protocol/openid-connect/token", form);
        if (response.status() != 200) {
            throw new IllegalStateException("Token request for " + form.get("client_id") + " failed: "
                    + response.status() + " " + response.body());
        }
        return response.json();
    }

    public Response postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response get(String path, String token) {
        return send(authorized(path, token).GET());
    }

    public Response delete(String path, String token) {
        return send(authorized(path, token).DELETE());
    }

    public Response put(String path, String token, String json) {
        return send(authorized(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String token, String json) {
        return send("PATCH", path, token, "application/json", json);
    }

    public Response post(String path, String token, String json) {
        return send(authorized(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(String method, String path, String token, String contentType, String body) {
        return sendWithHeaders(method, path, token, contentType, body, Map.of());
    }

    public Response sendWithHeaders(String method, String path, String token, String contentType, String body,
                                    Map<String, String> headers) {
        HttpRequest.Builder builder = authorized(path, token);
        headers.forEach(builder::header);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    private HttpRequest.Builder authorized(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Status, body and headers of one HTTP exchange. */
    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
