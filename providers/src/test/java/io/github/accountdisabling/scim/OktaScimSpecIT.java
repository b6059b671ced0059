package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.GroupRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.github.accountdisabling.scim.ScimErrorAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Okta's published "SCIM 2.0 SPEC Test" (the Runscope suite Okta asks integrators to pass), one test per request
 * step in the suite's order, with the suite's headers and assertions; the response-time limits are left out (a
 * timed test here would measure the machine, see the benchmark). Run against a realm with Keycloak's default user
 * profile.
 */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OktaScimSpecIT {

    private static final String CONTENT_TYPE = "application/scim+json; charset=utf-8";
    private static final Map<String, String> OKTA_HEADERS = Map.of("Accept-Charset", "utf-8",
            "Accept", "application/scim+json", "User-Agent", "OKTA SCIM Integration");
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private static TestClient client;
    private static TestRealm realm;
    private static String token;
    private static final String RANDOM = UUID.randomUUID().toString().substring(0, 8);
    private static final String RANDOM_USERNAME = "okta-" + RANDOM + "@example.com";
    private static final String RANDOM_EMAIL = "okta-" + RANDOM + "@example.com";
    private static String isvUserId;
    private static String idUserOne;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "oktaspec");
        token = realm.apiToken();
        GroupRepresentation group = new GroupRepresentation();
        group.setName("Okta spec group");
        realm.resource().groups().add(group).close();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static Response get(String path) {
        return client.sendWithHeaders("GET", scim(path), token, CONTENT_TYPE, null, OKTA_HEADERS);
    }

    private static Response post(String path, String body, String contentType) {
        return client.sendWithHeaders("POST", scim(path), token, contentType, body, OKTA_HEADERS);
    }

    private static String scim(String path) {
        return "/realms/" + realm.name() + "/scim2" + path;
    }

    private static String filter(String filter) {
        return "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void assertList(JsonNode json) {
        assertThat(json.get("schemas")).extracting(JsonNode::asText).contains(LIST);
    }

    private static String createBody() {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Olive","familyName":"Okta"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"Olive Okta","active":true}"""
                .formatted(RANDOM_USERNAME, RANDOM_EMAIL);
    }

    @Test
    @Order(1)
    void testServiceProviderConfigEndpoint() {
        Response response = get("/ServiceProviderConfig");
        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("schemas")).extracting(JsonNode::asText)
                .contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        for (String property : new String[] {"patch", "bulk", "filter", "changePassword", "sort", "etag",
                "authenticationSchemes"}) {
            assertThat(json.get(property)).as(property).isNotNull().isNotEmpty();
        }
        assertThat(json.get("authenticationSchemes").get(0).get("type").asText()).isNotEmpty();
        assertThat(json.get("authenticationSchemes").get(0).get("description").asText()).isNotEmpty();
        for (String[] property : new String[][] {{"etag", "supported"}, {"sort", "supported"},
                {"changePassword", "supported"}, {"filter", "maxResults"}, {"filter", "supported"},
                {"bulk", "supported"}, {"bulk", "maxOperations"}, {"bulk", "maxPayloadSize"}, {"patch", "supported"}}) {
            assertThat(json.get(property[0]).get(property[1])).as(String.join(".", property)).isNotNull();
        }
    }

    @Test
    @Order(2)
    void checkIfServiceProviderConfigIsReadOnly() {
        assertThat(post("/ServiceProviderConfig", "test\r\n\r\n", CONTENT_TYPE).status()).isEqualTo(405);
    }

    @Test
    @Order(3)
    void checkResourceTypesEndpoint() {
        Response response = get("/ResourceTypes");
        assertThat(response.status()).isEqualTo(200);
        assertList(response.json());
        JsonNode first = response.json().get("Resources").get(0);
        assertThat(first.get("name").asText()).isNotEmpty();
        assertThat(first.get("endpoint").asText()).isNotEmpty();
        assertThat(first.get("schema").asText()).isNotEmpty();
    }

    @Test
    @Order(4)
    void checkIfResourceTypesIsReadOnly() {
        assertThat(post("/ResourceTypes", "test", CONTENT_TYPE).status()).isEqualTo(405);
    }

    @Test
    @Order(5)
    void checkSchemasEndpoint() {
        Response response = get("/Schemas");
        assertThat(response.status()).isEqualTo(200);
        assertList(response.json());
        JsonNode first = response.json().get("Resources").get(0);
        assertThat(first.get("id").asText()).isNotEmpty();
        assertThat(first.get("attributes")).isNotEmpty();
    }

    @Test
    @Order(6)
    void checkIfSchemasIsReadOnly() {
        assertThat(post("/Schemas", "test", CONTENT_TYPE).status()).isEqualTo(405);
    }

    @Test
    @Order(7)
    void testUsersEndpoint() {
        Response response = get("/Users?count=1&startIndex=1");
        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertList(json);
        assertThat(json.get("itemsPerPage").isNumber()).isTrue();
        assertThat(json.get("startIndex").isNumber()).isTrue();
        assertThat(json.get("totalResults").isNumber()).isTrue();
        JsonNode first = json.get("Resources").get(0);
        assertThat(first.get("id").asText()).isNotEmpty();
        assertThat(first.get("name").get("familyName").asText()).isNotEmpty();
        assertThat(first.get("name").get("givenName").asText()).isNotEmpty();
        assertThat(first.get("userName").asText()).isNotEmpty();
        assertThat(first.get("active").isBoolean()).isTrue();
        assertThat(first.get("emails").get(0).get("value").asText()).isNotEmpty();
        isvUserId = first.get("id").asText();
    }

    @Test
    @Order(8)
    void getUsersById() {
        Response response = get("/Users/" + isvUserId);
        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("id").asText()).isEqualTo(isvUserId);
        assertThat(json.get("name").get("familyName").asText()).isNotEmpty();
        assertThat(json.get("name").get("givenName").asText()).isNotEmpty();
        assertThat(json.get("userName").asText()).isNotEmpty();
        assertThat(json.get("active").isBoolean()).isTrue();
        assertThat(json.get("emails").get(0).get("value").asText()).isNotEmpty();
    }

    @Test
    @Order(9)
    void testInvalidUserByUsername() {
        Response response = get(filter("userName eq \"invalid-" + RANDOM + "@example.com\""));
        assertThat(response.status()).isEqualTo(200);
        assertList(response.json());
        assertThat(response.json().get("totalResults").asInt()).isZero();
    }

    @Test
    @Order(10)
    void testInvalidUserById() {
        Response response = get("/Users/" + UUID.randomUUID());
        assertScimError(response, 404, null);
    }

    @Test
    @Order(11)
    void makeSureRandomUserDoesNotExist() {
        Response response = get(filter("userName eq \"" + RANDOM_EMAIL + "\""));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("totalResults").asInt()).isZero();
    }

    /** The suite's create sends only Authorization and Accept: no Content-Type. */
    @Test
    @Order(12)
    void createOktaUserWithRealisticValues() {
        Response response = client.sendWithHeaders("POST", scim("/Users"), token, null, createBody(),
                Map.of("Accept", "application/scim+json; charset=utf-8"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode json = response.json();
        assertThat(json.get("active").asBoolean()).isTrue();
        assertThat(json.get("id").asText()).isNotEmpty();
        assertThat(json.get("name").get("familyName").asText()).isEqualTo("Okta");
        assertThat(json.get("name").get("givenName").asText()).isEqualTo("Olive");
        assertThat(json.get("schemas")).extracting(JsonNode::asText).contains("urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(json.get("userName").asText()).isEqualTo(RANDOM_USERNAME);
        idUserOne = json.get("id").asText();
    }

    @Test
    @Order(13)
    void verifyThatUserWasCreated() {
        Response response = get("/Users/" + idUserOne);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("userName").asText()).isEqualTo(RANDOM_USERNAME);
        assertThat(response.json().get("name").get("familyName").asText()).isEqualTo("Okta");
        assertThat(response.json().get("name").get("givenName").asText()).isEqualTo("Olive");
    }

    @Test
    @Order(14)
    void expectFailureWhenRecreatingUserWithSameValues() {
        int before = realm.resource().users().count();
        Response response = client.sendWithHeaders("POST", scim("/Users"), token, null, createBody(),
                Map.of("Accept", "application/scim+json; charset=utf-8"));
        assertScimError(response, 409, "uniqueness");
        assertThat(realm.resource().users().count()).isEqualTo(before);
    }

    /** The suite sends the user name in capitals as the whole filter, which is no filter: 400. */
    @Test
    @Order(15)
    void usernameCaseSensitivityCheck() {
        Response response = get("/Users?filter=" + URLEncoder.encode(RANDOM_USERNAME.toUpperCase(Locale.ROOT),
                StandardCharsets.UTF_8));
        assertScimError(response, 400, "invalidFilter");
    }

    @Test
    @Order(16)
    void verifyGroupsEndpoint() {
        Response response = get("/Groups");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("totalResults").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(response.json().get("Resources").isArray()).isTrue();
    }
}
