package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.Jwt;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7643 §4.1 and §4.3 against the real server: what a provisioning client sends is stored in user attributes
 * the realm's user profile declares, returned as sent, filterable where single-valued, mapped into tokens by
 * Keycloak's own mapper; what can't be kept is refused and changes nothing.
 */
@KeycloakIntegrationTest
class ScimAttributeFidelityIT {

    private static final String SCIM = "application/scim+json";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String PASSWORD = "Tour-Guide-2026!";

    private static TestClient client;
    private static TestRealm realm;
    private static String token;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "fidelity");
        token = realm.apiToken();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static Response send(String method, String path, String body) {
        return client.send(method, "/realms/" + realm.name() + "/scim2" + path, token, SCIM, body);
    }

    private static JsonNode get(String path) {
        Response response = send("GET", path, null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static String filter(String filter) {
        return "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    private static Response patch(String id, String operations) {
        return send("PATCH", "/Users/" + id, "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": [" + operations + "]}");
    }

    private static String create(String userName, String extra) {
        Response created = send("POST", "/Users", """
                {"schemas": ["%s"], "userName": "%s", "name": {"givenName": "M", "familyName": "Anager"}%s}"""
                .formatted(USER, userName, extra));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static Map<String, List<String>> attributes(String id) {
        Map<String, List<String>> attributes = realm.user(id).toRepresentation().getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** RFC 7643 §8.3's full enterprise user, with this realm's ids. */
    private static String bjensen(String userName, String managerId) {
        return """
                {"schemas": ["%s", "%s"], "userName": "%s", "externalId": "701984", "password": "%s",
                 "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara",
                          "middleName": "Jane", "honorificPrefix": "Ms.", "honorificSuffix": "III"},
                 "displayName": "Babs Jensen", "nickName": "Babs", "profileUrl": "https://login.example.com/bjensen",
                 "emails": [{"value": "%s@example.com", "type": "work", "primary": true},
                            {"value": "babs-%s@jensen.org", "type": "home"}],
                 "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
                                "region": "CA", "postalCode": "91608", "country": "USA", "primary": true}],
                 "phoneNumbers": [{"value": "555-555-5555", "type": "work"}, {"value": "555-555-4444", "type": "mobile"}],
                 "userType": "Employee", "title": "Tour Guide", "preferredLanguage": "en-US", "locale": "en-US",
                 "timezone": "America/Los_Angeles", "active": true,
                 "%s": {"employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios",
                        "division": "Theme Park", "department": "Tour Operations", "manager": {"value": "%s"}}}
                """.formatted(USER, ENTERPRISE, userName, PASSWORD, userName, userName, ENTERPRISE, managerId);
    }

    @Test
    void everyAttributeOfTheFullEnterpriseUserIsKeptReturnedAndFilterable() {
        String managerId = create("manager-" + random(), "");
        String userName = "bjensen-" + random();
        Response created = send("POST", "/Users", bjensen(userName, managerId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        JsonNode user = get("/Users/" + id);
        assertThat(user.get("schemas").toString()).contains(ENTERPRISE);
        JsonNode name = user.get("name");
        assertThat(name.get("formatted").asText()).isEqualTo("Ms. Barbara J Jensen, III");
        assertThat(name.get("middleName").asText()).isEqualTo("Jane");
        assertThat(name.get("honorificPrefix").asText()).isEqualTo("Ms.");
        assertThat(name.get("honorificSuffix").asText()).isEqualTo("III");
        assertThat(user.get("nickName").asText()).isEqualTo("Babs");
        assertThat(user.get("profileUrl").asText()).isEqualTo("https://login.example.com/bjensen");
        assertThat(user.get("userType").asText()).isEqualTo("Employee");
        assertThat(user.get("title").asText()).isEqualTo("Tour Guide");
        assertThat(user.get("preferredLanguage").asText()).isEqualTo("en-US");
        assertThat(user.get("locale").asText()).isEqualTo("en-US");
        assertThat(user.get("timezone").asText()).isEqualTo("America/Los_Angeles");
        assertThat(user.get("emails")).hasSize(2);
        assertThat(user.get("emails").get(0).get("value").asText()).isEqualTo(userName + "@example.com");
        assertThat(user.get("emails").get(0).get("primary").asBoolean()).isTrue();
        assertThat(user.get("emails").get(1).get("type").asText()).isEqualTo("home");
        assertThat(user.get("phoneNumbers").get(1).get("value").asText()).isEqualTo("555-555-4444");
        assertThat(user.get("addresses").get(0).get("postalCode").asText()).isEqualTo("91608");
        JsonNode enterprise = user.get(ENTERPRISE);
        assertThat(enterprise.get("employeeNumber").asText()).isEqualTo("701984");
        assertThat(enterprise.get("costCenter").asText()).isEqualTo("4130");
        assertThat(enterprise.get("organization").asText()).isEqualTo("Universal Studios");
        assertThat(enterprise.get("division").asText()).isEqualTo("Theme Park");
        assertThat(enterprise.get("department").asText()).isEqualTo("Tour Operations");
        assertThat(enterprise.get("manager").get("value").asText()).isEqualTo(managerId);
        assertThat(enterprise.get("manager").get("$ref").asText()).endsWith("/scim2/Users/" + managerId);

        // Keycloak's own e-mail field holds the primary address; the admin API shows the rest as user attributes.
        UserRepresentation admin = realm.user(id).toRepresentation();
        assertThat(admin.getEmail()).isEqualTo(userName + "@example.com");
        assertThat(admin.getAttributes()).containsEntry("title", List.of("Tour Guide"))
                .containsEntry("department", List.of("Tour Operations")).containsEntry("manager", List.of(managerId))
                .containsKey("scimPhoneNumbers");

        for (String matching : List.of("title eq \"tour guide\"", ENTERPRISE + ":department sw \"Tour\"",
                ENTERPRISE + ":manager.value eq \"" + managerId + "\"", "name.middleName eq \"Jane\" and userType pr",
                "not (title ne \"Tour Guide\") and userName eq \"" + userName + "\"")) {
            JsonNode found = get(filter(matching));
            assertThat(found.get("totalResults").asInt()).as(matching).isEqualTo(1);
            assertThat(found.get("Resources").get(0).get("id").asText()).as(matching).isEqualTo(id);
        }
        Response unfilterable = send("GET", filter("phoneNumbers.value eq \"555-555-5555\""), null);
        assertThat(unfilterable.status()).isEqualTo(400);
        assertThat(unfilterable.json().get("scimType").asText()).isEqualTo("invalidFilter");

        JsonNode projected = get("/Users/" + id + "?attributes=" + ENTERPRISE + ":department,title");
        assertThat(projected.get("title").asText()).isEqualTo("Tour Guide");
        assertThat(projected.get(ENTERPRISE).size()).isEqualTo(1);
        assertThat(projected.has("phoneNumbers")).isFalse();
    }

    @Test
    void theAttributesAreDeclaredInTheUserProfileAndKeycloaksMapperPutsThemIntoTokens() {
        String managerId = create("boss-" + random(), "");
        String userName = "tokens-" + random();
        assertThat(send("POST", "/Users", bjensen(userName, managerId)).status()).isEqualTo(201);

        JsonNode profile = client.get("/admin/realms/" + realm.name() + "/users/profile", client.adminToken()).json();
        assertThat(profile.get("groups").toString()).contains("\"name\":\"scim\"");
        JsonNode title = null;
        for (JsonNode attribute : profile.get("attributes")) {
            if (attribute.get("name").asText().equals("title")) {
                title = attribute;
            }
        }
        assertThat(title).as("title is declared").isNotNull();
        assertThat(title.get("group").asText()).isEqualTo("scim");
        assertThat(title.get("annotations").get("kc.scim.schema.attribute").asText()).isEqualTo("title");
        assertThat(title.get("permissions").get("view").toString()).contains("admin");
        assertThat(title.get("permissions").get("edit")).isEmpty();

        ClientRepresentation app = realm.resource().clients().findByClientId(TestRealm.APP_CLIENT_ID).get(0);
        mapper(app, "department", "department", "String", false);
        mapper(app, "scimPhoneNumbers", "phone_numbers", "JSON", true);
        JsonNode claims = new Jwt(client.userToken(realm.name(), TestRealm.APP_CLIENT_ID, userName, PASSWORD)).claims();
        assertThat(claims.get("department").asText()).isEqualTo("Tour Operations");
        assertThat(claims.get("phone_numbers").get(0).get("value").asText()).isEqualTo("555-555-5555");
        assertThat(claims.get("phone_numbers").get(1).get("type").asText()).isEqualTo("mobile");
    }

    private static void mapper(ClientRepresentation app, String attribute, String claim, String type, boolean multivalued) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("scim-" + claim);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usermodel-attribute-mapper");
        mapper.setConfig(Map.of("user.attribute", attribute, "claim.name", claim, "jsonType.label", type,
                "multivalued", Boolean.toString(multivalued), "access.token.claim", "true"));
        try (var response = realm.resource().clients().get(app.getId()).getProtocolMappers().createMapper(mapper)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
    }

    @Test
    void entrasTypedPathsAndNullUpdatesChangeSingleValues() {
        String id = create("entra-" + random(), ", \"emails\": [{\"value\": \"e@example.org\", \"type\": \"work\", \"primary\": true}]");
        Response added = patch(id, """
                {"op": "Add", "path": "phoneNumbers[type eq \\"work\\"].value", "value": "+1 555 0100"},
                {"op": "Add", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": "+1 555 0199"},
                {"op": "Add", "path": "addresses[type eq \\"work\\"].locality", "value": "Springfield"},
                {"op": "Add", "path": "title", "value": "Engineer"},
                {"op": "Replace", "path": "%s:employeeNumber", "value": "E-7"}
                """.formatted(ENTERPRISE));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        JsonNode user = get("/Users/" + id);
        assertThat(user.get("phoneNumbers")).hasSize(2);
        assertThat(user.get("addresses").get(0).get("locality").asText()).isEqualTo("Springfield");
        assertThat(user.get(ENTERPRISE).get("employeeNumber").asText()).isEqualTo("E-7");

        Response cleared = patch(id, """
                {"op": "Replace", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": ""},
                {"op": "Remove", "path": "addresses[type eq \\"work\\"]"},
                {"op": "Replace", "path": "title", "value": null},
                {"op": "Remove", "path": "%s:employeeNumber"}
                """.formatted(ENTERPRISE));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        JsonNode after = get("/Users/" + id);
        assertThat(after.get("phoneNumbers")).hasSize(1);
        assertThat(after.get("phoneNumbers").get(0).get("type").asText()).isEqualTo("work");
        assertThat(after.has("addresses")).isFalse();
        assertThat(after.has("title")).isFalse();
        assertThat(after.has(ENTERPRISE)).isFalse();
        assertThat(after.get("schemas").toString()).doesNotContain(ENTERPRISE);
        assertThat(attributes(id)).doesNotContainKeys("title", "employeeNumber",
                "scimAddresses");
    }

    @Test
    void aPutWithoutTheOptionalAttributesRemovesThem() {
        String managerId = create("m-" + random(), "");
        String userName = "put-" + random();
        String id = send("POST", "/Users", bjensen(userName, managerId)).json().get("id").asText();
        Response replaced = send("PUT", "/Users/" + id, """
                {"schemas": ["%s"], "userName": "%s", "emails": [{"value": "%s@example.com"}]}"""
                .formatted(USER, userName, userName));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        JsonNode user = replaced.json();
        for (String gone : List.of("title", "nickName", "phoneNumbers", "addresses", "userType", ENTERPRISE)) {
            assertThat(user.has(gone)).as(gone).isFalse();
        }
        assertThat(user.get("emails")).hasSize(1);
        assertThat(attributes(id)).doesNotContainKeys("title", "manager",
                "scimEmails", "scimPhoneNumbers", "middleName");
    }

    @Test
    void whatCantBeKeptIsRefusedAndChangesNothing() {
        String managerId = create("keep-" + random(), "");
        String userName = "refused-" + random();
        String id = send("POST", "/Users", bjensen(userName, managerId)).json().get("id").asText();
        JsonNode before = get("/Users/" + id);
        UserRepresentation adminBefore = realm.user(id).toRepresentation();
        for (String[] refusal : new String[][] {
                {"{\"op\": \"add\", \"path\": \"photos\", \"value\": [{\"value\": \"https://x.example/p.jpg\"}]}", "invalidPath"},
                {"{\"op\": \"replace\", \"value\": {\"title\": \"CEO\", \"x509Certificates\": [{\"value\": \"MIIB\"}]}}", "invalidPath"},
                {"{\"op\": \"replace\", \"path\": \"title\", \"value\": 5}", "invalidValue"},
                {"{\"op\": \"replace\", \"path\": \"phoneNumbers\", \"value\": [{\"value\": \"1\", \"colour\": \"red\"}]}", "invalidValue"},
                {"{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager\", \"value\": \"no-such-user\"}", "invalidValue"},
                {"{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager\", \"value\": \"" + id + "\"}", "invalidValue"},
                {"{\"op\": \"replace\", \"value\": {\"" + ENTERPRISE + "\": {\"badge\": \"7\"}}}", "invalidPath"},
                {"{\"op\": \"replace\", \"path\": \"emails\", \"value\": [{\"value\": \"a@x.org\", \"primary\": true},"
                        + " {\"value\": \"b@x.org\", \"primary\": true}]}", "invalidValue"}}) {
            Response refused = patch(id, "{\"op\": \"replace\", \"path\": \"nickName\", \"value\": \"changed\"}, " + refusal[0]);
            assertThat(refused.status()).as(refusal[0] + " " + refused).isEqualTo(400);
            assertThat(refused.json().get("scimType").asText()).as(refusal[0]).isEqualTo(refusal[1]);
            assertThat(get("/Users/" + id)).as("unchanged after " + refusal[0]).isEqualTo(before);
            assertThat(attributes(id)).isEqualTo(adminBefore.getAttributes());
        }
        String otherName = "nomanager-" + random();
        Response badCreate = send("POST", "/Users", bjensen(otherName, "no-such-user"));
        assertThat(badCreate.status()).as(badCreate.toString()).isEqualTo(400);
        assertThat(get(filter("userName eq \"" + otherName + "\"")).get("totalResults").asInt()).isZero();
    }

    @Test
    void groupsAreReturnedWhenAskedFor() {
        String id = create("member-" + random(), "");
        Response group = send("POST", "/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Guides-%s",
                 "members": [{"value": "%s"}]}""".formatted(random(), id));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        assertThat(get("/Users/" + id).has("groups")).as("returned on request only").isFalse();
        JsonNode withGroups = get("/Users/" + id + "?attributes=groups");
        assertThat(withGroups.get("groups")).hasSize(1);
        assertThat(withGroups.get("groups").get(0).get("value").asText()).isEqualTo(group.json().get("id").asText());
        assertThat(withGroups.get("groups").get(0).get("$ref").asText()).contains("/scim2/Groups/");
        Response readOnly = patch(id, "{\"op\": \"add\", \"path\": \"groups\", \"value\": [{\"value\": \"x\"}]}");
        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(readOnly.json().get("scimType").asText()).isEqualTo("mutability");
    }
}
