package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.accountdisabling.scim.ScimErrorAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7644 §3.6 (a deleted resource is gone for every operation and every query while Keycloak keeps the account)
 * and §3.4.2.2 (every filter operator, answered by the database).
 */
@KeycloakIntegrationTest
class ScimDeleteAndFiltersIT {

    private static final String SCIM = "application/scim+json";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static TestClient client;
    /** The filters' realm: the demo users (alice, bob, …) and four of its own. */
    private static TestRealm filtered;
    /** The deletions' realm. */
    private static TestRealm realm;
    private static String token;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        filtered = TestRealm.create(client, "scimfilters");
        realm = filtered;
        token = filtered.apiToken();
        for (String[] user : new String[][] {
                {"ann.lee", "Ann", "Lee", "ann@example.org", "ext-1", "Ann L."},
                {"anna.smith", "Anna", "Smith", "anna@example.com", "EXT-2", null},
                {"bert.smith", "Bert", "Smith", "bert@example.org", "ext-3", "Bert"},
                {"carl_x", "Carl", "Xu", null, null, null}}) {
            assertThat(create(user[0], user[1], user[2], user[3], user[4], user[5]).status()).isEqualTo(201);
        }
        realm = TestRealm.create(client, "scimdelete");
        token = realm.apiToken();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
        filtered.close();
    }

    private static String users(String suffix) {
        return "/realms/" + realm.name() + "/scim2/Users" + suffix;
    }

    private static Response create(String userName, String given, String family, String email, String externalId,
                                   String displayName) {
        StringBuilder body = new StringBuilder("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], ")
                .append("\"userName\": \"").append(userName).append("\", \"name\": {\"givenName\": \"").append(given)
                .append("\", \"familyName\": \"").append(family).append("\"}, \"active\": true");
        if (email != null) {
            body.append(", \"emails\": [{\"value\": \"").append(email).append("\", \"type\": \"work\", \"primary\": true}]");
        }
        if (externalId != null) {
            body.append(", \"externalId\": \"").append(externalId).append('"');
        }
        if (displayName != null) {
            body.append(", \"displayName\": \"").append(displayName).append('"');
        }
        return client.send("POST", users(""), token, SCIM, body.append('}').toString());
    }

    private static List<String> userNames(String filter) {
        return userNames(realm, filter);
    }

    private static List<String> userNames(TestRealm in, String filter) {
        JsonNode list = client.get("/realms/" + in.name() + "/scim2/Users?filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"), in.apiToken()).json();
        List<String> names = new ArrayList<>();
        list.get("Resources").forEach(resource -> names.add(resource.get("userName").asText()));
        assertThat(list.get("totalResults").asInt()).as("totalResults of " + filter).isEqualTo(names.size());
        return names;
    }

    private static List<String> sortedNames(String sort) {
        String filter = URLEncoder.encode("userName sw \"ann\" or userName sw \"bert\" or userName sw \"carl\"",
                StandardCharsets.UTF_8);
        Response response = client.get("/realms/" + filtered.name() + "/scim2/Users?filter=" + filter + sort,
                filtered.apiToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().get("Resources").forEach(user -> names.add(user.get("userName").asText()));
        return names;
    }

    /** RFC 7644 §3.4.2.3: sorted by the database, unassigned values last when ascending; other sorts refused. */
    @Test
    void sortByAndSortOrderAreAnsweredByTheDatabase() {
        assertThat(sortedNames("")).containsExactly("ann.lee", "anna.smith", "bert.smith", "carl_x");
        assertThat(sortedNames("&sortBy=userName&sortOrder=descending"))
                .containsExactly("carl_x", "bert.smith", "anna.smith", "ann.lee");
        assertThat(sortedNames("&sortBy=name.familyName")).containsSubsequence("ann.lee", "carl_x")
                .containsSubsequence("anna.smith", "carl_x").containsSubsequence("bert.smith", "carl_x");
        assertThat(sortedNames("&sortBy=name.givenName&sortOrder=descending"))
                .containsExactly("carl_x", "bert.smith", "anna.smith", "ann.lee");
        // carl_x has no e-mail: last ascending, first descending.
        assertThat(sortedNames("&sortBy=emails")).containsExactly("ann.lee", "anna.smith", "bert.smith", "carl_x");
        assertThat(sortedNames("&sortBy=emails.value&sortOrder=descending"))
                .containsExactly("carl_x", "bert.smith", "anna.smith", "ann.lee");
        String base = "/realms/" + filtered.name() + "/scim2/Users?sortBy=";
        for (String refused : List.of("title", "externalId", "phoneNumbers", "nope")) {
            assertScimError(client.get(base + refused, filtered.apiToken()), 400, "invalidValue");
        }
        assertScimError(client.get(base + "userName&sortOrder=sideways", filtered.apiToken()), 400, "invalidValue");
        JsonNode config = client.get("/realms/" + filtered.name() + "/scim2/ServiceProviderConfig", filtered.apiToken()).json();
        assertThat(config.get("sort").get("supported").asBoolean()).isTrue();
    }

    /** RFC 7644 §3.4.2.5 on Users, in a list and on one user: only what is named, or all but it. */
    @Test
    void attributesAndExcludedAttributesShapeTheAnswer() {
        String base = "/realms/" + filtered.name() + "/scim2/Users";
        String filter = "?filter=" + URLEncoder.encode("userName eq \"ann.lee\"", StandardCharsets.UTF_8);
        JsonNode listed = client.get(base + filter + "&attributes=userName,name.givenName", filtered.apiToken())
                .json().get("Resources").get(0);
        assertThat(listed.get("userName").asText()).isEqualTo("ann.lee");
        assertThat(listed.get("name").get("givenName").asText()).isEqualTo("Ann");
        assertThat(listed.get("name").has("familyName")).isFalse();
        assertThat(listed.has("emails")).isFalse();
        assertThat(listed.has("id")).as("id is always returned").isTrue();
        Response one = client.get(base + "/" + listed.get("id").asText() + "?excludedAttributes=emails,meta",
                filtered.apiToken());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().has("emails")).isFalse();
        assertThat(one.json().has("meta")).isFalse();
        assertThat(one.json().get("name").get("familyName").asText()).isEqualTo("Lee");
        assertThat(one.header("ETag")).as("the version of the whole resource").startsWith("W/\"");
        ScimErrorAssertions.assertScimError(client.get(base + filter + "&attributes=photos", filtered.apiToken()),
                400, "invalidValue");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "userName co \"smith\"                                   | anna.smith,bert.smith",
            "userName sw \"ANN\"                                     | ann.lee,anna.smith",
            "userName ew \"_x\"                                      | carl_x",
            "userName ne \"ann.lee\" and userName sw \"a\"            | anna.smith",
            "userName gt \"anna.smith\"                              | bert.smith,carl_x",
            "userName le \"anna.smith\"                              | ann.lee,anna.smith",
            "name.familyName eq \"smith\"                            | anna.smith,bert.smith",
            "name.givenName sw \"an\" and not (name.familyName eq \"Lee\") | anna.smith",
            "emails.value ew \"@example.org\"                         | ann.lee,bert.smith",
            "emails[type eq \"work\" and value co \"anna\"]           | anna.smith",
            "emails[type eq \"home\"]                                | ''",
            "emails pr                                               | ann.lee,anna.smith,bert.smith",
            "not (emails pr)                                         | carl_x",
            "externalId eq \"EXT-2\"                                 | anna.smith",
            "externalId eq \"ext-2\"                                 | ''",
            "externalId pr and displayName pr                        | ann.lee,bert.smith",
            "externalId sw \"ext\" and displayName co \"l.\"          | ann.lee",
            "displayName eq \"bert\" or userName eq \"carl_x\"        | bert.smith,carl_x",
            "active eq true and urn:scim:wso2:schema:accountDisabled eq false and userName sw \"c\" | carl_x",
            "meta.created gt \"2000-01-01T00:00:00Z\" and userName eq \"carl_x\" | carl_x",
            "meta.lastModified lt \"2000-01-01T00:00:00Z\"            | ''",
            "userName co \"%\" or userName co \"\\\\\"                | ''",
            "userName co \"_\"                                       | carl_x",
    })
    void everyOperatorIsAnsweredExactly(String filter, String expected) {
        List<String> wanted = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        String withoutTheDemoUsers = "(" + filter + ") and not (userName eq \"alice\" or userName eq \"bob\")";
        assertThat(userNames(filtered, withoutTheDemoUsers)).containsExactlyElementsOf(wanted);
    }

    @Test
    void pagingStaysExactUnderAFilter() {
        JsonNode page = client.get("/realms/" + filtered.name() + "/scim2/Users?filter="
                + URLEncoder.encode("userName pr and name.givenName ne \"x\" and userName ne \"alice\" and userName ne \"bob\"",
                StandardCharsets.UTF_8) + "&startIndex=2&count=2", filtered.apiToken()).json();
        assertThat(page.get("totalResults").asInt()).isEqualTo(4);
        assertThat(page.get("Resources")).extracting(r -> r.get("userName").asText()).containsExactly("anna.smith", "bert.smith");
    }

    @Test
    void aDeletedUserIsGoneForScimAndKeptByKeycloakUntilReactivated() {
        String userName = "del." + UUID.randomUUID().toString().substring(0, 8);
        Response created = create(userName, "Del", "Eted", userName + "@example.org", "ext-" + userName, null);
        String id = created.json().get("id").asText();
        long before = client.get(users(""), token).json().get("totalResults").asLong();

        assertThat(client.send("DELETE", users("/" + id), token, null, null).status()).isEqualTo(204);

        UserRepresentation kept = realm.user(id).toRepresentation();
        assertThat(kept.isEnabled()).as("kept, deactivated").isFalse();
        assertThat(kept.getAttributes()).containsEntry("accountDisabledReason", List.of("deprovisioned by SCIM client"));
        UserSnapshot afterDelete = UserSnapshot.of(client, realm, id);
        // every operation on it is 404, and none changes it
        assertScimError(client.get(users("/" + id), token), 404, null);
        assertScimError(client.send("PUT", users("/" + id), token, SCIM,
                "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"" + userName
                        + "\", \"active\": true}"), 404, null);
        assertScimError(client.send("PATCH", users("/" + id), token, SCIM, "{\"schemas\": [\"" + PATCH_OP
                + "\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": true}]}"), 404, null);
        assertScimError(client.send("DELETE", users("/" + id), token, null, null), 404, null);
        assertThat(UserSnapshot.of(client, realm, id)).isEqualTo(afterDelete);
        // and it is in no list or filter
        assertThat(client.get(users(""), token).json().get("totalResults").asLong()).isEqualTo(before - 1);
        assertThat(userNames("userName eq \"" + userName + "\"")).isEmpty();
        assertThat(userNames("externalId eq \"ext-" + userName + "\"")).isEmpty();
        assertThat(userNames("id eq \"" + id + "\"")).isEmpty();
        assertThat(userNames("active eq false")).doesNotContain(userName);

        // a new POST with the same userName names the kept account and creates nothing
        long keycloakUsers = realm.resource().users().count();
        Response again = create(userName, "Del", "Eted", null, null, null);
        assertScimError(again, 409, "uniqueness");
        assertThat(again.json().get("detail").asText()).contains(id).contains("reactivat");
        assertThat(realm.resource().users().count()).isEqualTo(keycloakUsers);
        assertThat(UserSnapshot.of(client, realm, id)).isEqualTo(afterDelete);

        // an admin's reactivation gives SCIM the same account back
        assertThat(client.post(realm.api("/users/" + id + "/reactivate"), realm.apiToken(), "").status()).isEqualTo(200);
        Response back = client.get(users("/" + id), token);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("userName").asText()).isEqualTo(userName);
        assertThat(back.json().get("externalId").asText()).isEqualTo("ext-" + userName);
        assertThat(back.json().get("active").asBoolean()).isTrue();
        assertThat(realm.user(id).toRepresentation().getAttributes()).doesNotContainKey("accountDisabledRemovedByScim");
    }

    @Test
    void deletingAnAccountDeactivatedBeforeRemovesItFromScimToo() {
        String userName = "pre." + UUID.randomUUID().toString().substring(0, 8);
        String id = create(userName, "Pre", "Deactivated", null, null, null).json().get("id").asText();
        assertThat(client.post(realm.api("/users/" + id + "/deactivate"), realm.apiToken(), "{\"reason\": \"left\"}")
                .status()).isEqualTo(200);
        assertThat(client.get(users("/" + id), token).status()).as("a deactivated user is still a SCIM user").isEqualTo(200);

        assertThat(client.send("DELETE", users("/" + id), token, null, null).status()).isEqualTo(204);

        assertScimError(client.get(users("/" + id), token), 404, null);
        assertThat(userNames("userName eq \"" + userName + "\"")).isEmpty();
        UserRepresentation kept = realm.user(id).toRepresentation();
        assertThat(kept.getAttributes()).as("the earlier record stays").containsEntry("accountDisabledReason", List.of("left"));
        assertThat(client.get(realm.api("/users/" + id + "/history"), client.adminToken()).json())
                .as("no second deactivation is recorded").hasSize(1);
    }
}
