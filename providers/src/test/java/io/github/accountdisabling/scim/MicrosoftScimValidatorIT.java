package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct SCIM compliance tests of Microsoft's Entra gallery validation (AzureAD/SCIMReferenceCode, "SCIM
 * Validation Test Overview", tests 15–25), each a test of its own with the pass criteria the overview gives.
 * The tests that drive Entra's provisioning engine (1–14) and the credential and federation tests (21, 22) are not
 * SCIM requests and are left out.
 */
@KeycloakIntegrationTest
class MicrosoftScimValidatorIT {

    private static final String SCIM = "application/scim+json";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private static TestClient client;
    private static TestRealm realm;
    private static String token;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "msvalidator");
        token = realm.apiToken();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String scim(String path) {
        return "/realms/" + realm.name() + "/scim2" + path;
    }

    private static Response send(String method, String path, String body) {
        return client.send(method, scim(path), token, SCIM, body);
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createUser(String userName) {
        Response created = send("POST", "/Users", """
                {"schemas": ["%s"], "userName": "%s", "active": true, "displayName": "Val Idator",
                 "externalId": "ext-%s", "name": {"givenName": "Val", "familyName": "Idator"},
                 "emails": [{"type": "work", "primary": true, "value": "%s"}]}"""
                .formatted(USER, userName, userName, userName));
        assertThat(created.status()).as(created.toString()).isIn(200, 201);
        return created.json().get("id").asText();
    }

    private static Response patch(String path, String operations) {
        return send("PATCH", path, "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": [" + operations + "]}");
    }

    /** Test 15: every mapped User and Group attribute is discoverable in /Schemas, compared case-insensitively. */
    @Test
    void schemaDiscoverabilityTest() {
        Response response = client.get(scim("/Schemas"), token);
        assertThat(response.status()).isEqualTo(200);
        Set<String> discoverable = new HashSet<>();
        for (JsonNode schema : response.json().get("Resources")) {
            for (JsonNode attribute : schema.get("attributes")) {
                String name = attribute.get("name").asText().toLowerCase(Locale.ROOT);
                discoverable.add(name);
                for (JsonNode sub : attribute.path("subAttributes")) {
                    discoverable.add(name + "." + sub.get("name").asText().toLowerCase(Locale.ROOT));
                }
            }
        }
        // Entra's default user mappings the endpoint keeps, and the group mappings, flattened as the validator does.
        for (String mapped : List.of("userName", "active", "displayName", "emails.value", "name.givenName",
                "name.familyName", "externalId", "title", "preferredLanguage", "phoneNumbers.value", "phoneNumbers.type",
                "addresses.streetAddress", "addresses.locality", "addresses.region", "addresses.postalCode",
                "addresses.country", "employeeNumber", "department", "manager", "manager.value", "members",
                "members.value")) {
            assertThat(discoverable).as(mapped).contains(mapped.toLowerCase(Locale.ROOT));
        }
    }

    /** Test 16: PATCH with empty strings, then with nulls, leaves the optional attributes empty. */
    @Test
    void scimNullUpdateTest() {
        String id = createUser("null-" + random() + "@example.com");
        for (String value : List.of("\"\"", "null")) {
            Response patched = patch("/Users/" + id, String.join(",",
                    "{\"op\": \"Replace\", \"path\": \"displayName\", \"value\": " + value + "}",
                    "{\"op\": \"Replace\", \"path\": \"name.givenName\", \"value\": " + value + "}",
                    "{\"op\": \"Replace\", \"path\": \"name.familyName\", \"value\": " + value + "}",
                    "{\"op\": \"Replace\", \"path\": \"externalId\", \"value\": " + value + "}"));
            assertThat(patched.status()).as(value + ": " + patched).isIn(200, 204);
            JsonNode user = client.get(scim("/Users/" + id), token).json();
            assertThat(user.path("displayName").asText("")).as(value).isEmpty();
            assertThat(user.path("name").path("givenName").asText("")).as(value).isEmpty();
            assertThat(user.path("name").path("familyName").asText("")).as(value).isEmpty();
            assertThat(user.path("externalId").asText("")).as(value).isEmpty();
        }
    }

    /** Test 17. */
    @Test
    void scimUserCreateTest() {
        String userName = "create-" + random() + "@example.com";
        Response created = send("POST", "/Users", "{\"schemas\": [\"" + USER + "\"], \"userName\": \"" + userName
                + "\", \"active\": true}");
        assertThat(created.status()).isIn(200, 201);
        assertThat(created.json().get("id").asText()).isNotEmpty();
        assertThat(created.json().get("userName").asText()).isEqualTo(userName);
    }

    /** Test 18: the single-valued attributes PATCHed come back as sent. */
    @Test
    void scimUserUpdateTest() {
        String id = createUser("update-" + random() + "@example.com");
        String suffix = random();
        Response patched = patch("/Users/" + id, String.join(",",
                "{\"op\": \"Replace\", \"path\": \"displayName\", \"value\": \"Shown " + suffix + "\"}",
                "{\"op\": \"Replace\", \"path\": \"name.givenName\", \"value\": \"Given" + suffix + "\"}",
                "{\"op\": \"Replace\", \"path\": \"name.familyName\", \"value\": \"Family" + suffix + "\"}",
                "{\"op\": \"Replace\", \"path\": \"externalId\", \"value\": \"ext-" + suffix + "\"}"));
        assertThat(patched.status()).isIn(200, 204);
        JsonNode user = client.get(scim("/Users/" + id), token).json();
        assertThat(user.get("displayName").asText()).isEqualTo("Shown " + suffix);
        assertThat(user.get("name").get("givenName").asText()).isEqualTo("Given" + suffix);
        assertThat(user.get("name").get("familyName").asText()).isEqualTo("Family" + suffix);
        assertThat(user.get("externalId").asText()).isEqualTo("ext-" + suffix);
    }

    /** Test 19. */
    @Test
    void scimGroupCreateTest() {
        String displayName = "Validator group " + random();
        Response created = send("POST", "/Groups", "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \""
                + displayName + "\"}");
        assertThat(created.status()).isIn(200, 201);
        assertThat(created.json().get("id").asText()).isNotEmpty();
        assertThat(created.json().get("displayName").asText()).isEqualTo(displayName);
    }

    /** Test 20: single-valued, non-reference attributes other than id/members/schemas/meta. */
    @Test
    void scimGroupUpdateTest() {
        Response created = send("POST", "/Groups", "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"Before "
                + random() + "\"}");
        String id = created.json().get("id").asText();
        String renamed = "After " + random();
        Response patched = patch("/Groups/" + id, String.join(",",
                "{\"op\": \"Replace\", \"path\": \"displayName\", \"value\": \"" + renamed + "\"}",
                "{\"op\": \"Replace\", \"path\": \"externalId\", \"value\": \"g-" + renamed + "\"}"));
        assertThat(patched.status()).isIn(200, 204);
        JsonNode group = client.get(scim("/Groups/" + id), token).json();
        assertThat(group.get("displayName").asText()).isEqualTo(renamed);
        assertThat(group.get("externalId").asText()).isEqualTo("g-" + renamed);
    }

    /** Test 23: at least 11 users, pages of 5, each page's startIndex is page * 5 + 1. */
    @Test
    void scimUserPaginationTest() {
        String prefix = "page-" + random() + "-";
        for (int i = 0; i < 11; i++) {
            createUser(prefix + i + "@example.com");
        }
        assertPages("/Users?filter=" + URLEncoder.encode("userName sw \"" + prefix + "\"", StandardCharsets.UTF_8)
                + "&count=5&startIndex=", 11);
    }

    /** Test 24. */
    @Test
    void scimGroupPaginationTest() {
        String prefix = "Paging " + random() + " ";
        for (int i = 0; i < 11; i++) {
            assertThat(send("POST", "/Groups", "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"" + prefix + i
                    + "\"}").status()).isEqualTo(201);
        }
        assertPages("/Groups?filter=" + URLEncoder.encode("displayName sw \"" + prefix + "\"", StandardCharsets.UTF_8)
                + "&count=5&startIndex=", 11);
    }

    /** Test 25: the enterprise manager is set in the shape Entra sends (the bare id), read back, and removed. */
    @Test
    void scimManagerTest() {
        String manager = createUser("boss-" + random() + "@example.com");
        String id = createUser("report-" + random() + "@example.com");
        String path = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
        Response added = patch("/Users/" + id, "{\"op\": \"Add\", \"path\": \"" + path + "\", \"value\": \"" + manager + "\"}");
        assertThat(added.status()).as(added.toString()).isIn(200, 204);
        JsonNode user = client.get(scim("/Users/" + id), token).json();
        assertThat(user.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("manager")
                .path("value").asText()).isEqualTo(manager);
        Response removed = patch("/Users/" + id, "{\"op\": \"Remove\", \"path\": \"" + path + "\"}");
        assertThat(removed.status()).as(removed.toString()).isIn(200, 204);
        assertThat(client.get(scim("/Users/" + id), token).json()
                .has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).isFalse();
    }

    private static void assertPages(String pathWithoutStart, int total) {
        List<String> seen = new ArrayList<>();
        for (int page = 0; page * 5 < total; page++) {
            Response response = client.get(scim(pathWithoutStart + (page * 5 + 1)), token);
            assertThat(response.status()).isEqualTo(200);
            JsonNode json = response.json();
            assertThat(json.get("startIndex").asInt()).isEqualTo(page * 5 + 1);
            assertThat(json.get("totalResults").asInt()).isEqualTo(total);
            json.get("Resources").forEach(resource -> seen.add(resource.get("id").asText()));
        }
        assertThat(seen).hasSize(total).doesNotHaveDuplicates();
    }
}
