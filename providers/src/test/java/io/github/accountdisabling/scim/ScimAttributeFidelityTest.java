package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every attribute a provisioning client sends is kept or refused: the pure part (reading bodies, PATCH targets). */
class ScimAttributeFidelityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final ScimUser ALICE = new ScimUser("alice", "Alice", "Anders", null, "alice@example.org", null,
            true, null);

    private static ScimUser patched(ScimUser user, String operations) throws Exception {
        return ScimPatch.apply(JSON.readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations + "]}"),
                user);
    }

    private static List<String> json(ScimUser user, ScimStoredAttribute attribute) {
        return user.values(attribute).stream().map(ObjectNode::toString).toList();
    }

    @Test
    void aFullUserOfRfc7643SectionEightIsKeptWhole() throws Exception {
        ScimUser user = ScimReplace.from(JSON.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
                 "userName": "bjensen", "externalId": "701984",
                 "name": {"formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara",
                          "middleName": "Jane", "honorificPrefix": "Ms.", "honorificSuffix": "III"},
                 "displayName": "Babs Jensen", "nickName": "Babs", "profileUrl": "https://login.example.com/bjensen",
                 "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                            {"value": "babs@jensen.org", "type": "home"}],
                 "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
                                "region": "CA", "postalCode": "91608", "country": "USA", "primary": true}],
                 "phoneNumbers": [{"value": "555-555-5555", "type": "work"}, {"value": "555-555-4444", "type": "mobile"}],
                 "userType": "Employee", "title": "Tour Guide", "preferredLanguage": "en-US", "locale": "en-US",
                 "timezone": "America/Los_Angeles", "active": true, "roles": [],
                 "%s": {"employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios",
                        "division": "Theme Park", "department": "Tour Operations",
                        "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "$ref": "../Users/2611", "displayName": "John Smith"}}}
                """.formatted(ENTERPRISE, ENTERPRISE)), null);

        assertThat(user.email()).isEqualTo("bjensen@example.com");
        assertThat(user.first(ScimStoredAttribute.FORMATTED_NAME)).isEqualTo("Ms. Barbara J Jensen, III");
        assertThat(user.first(ScimStoredAttribute.MIDDLE_NAME)).isEqualTo("Jane");
        assertThat(user.first(ScimStoredAttribute.HONORIFIC_PREFIX)).isEqualTo("Ms.");
        assertThat(user.first(ScimStoredAttribute.HONORIFIC_SUFFIX)).isEqualTo("III");
        assertThat(user.first(ScimStoredAttribute.NICK_NAME)).isEqualTo("Babs");
        assertThat(user.first(ScimStoredAttribute.PROFILE_URL)).isEqualTo("https://login.example.com/bjensen");
        assertThat(user.first(ScimStoredAttribute.USER_TYPE)).isEqualTo("Employee");
        assertThat(user.first(ScimStoredAttribute.TITLE)).isEqualTo("Tour Guide");
        assertThat(user.first(ScimStoredAttribute.PREFERRED_LANGUAGE)).isEqualTo("en-US");
        assertThat(user.first(ScimStoredAttribute.LOCALE)).isEqualTo("en-US");
        assertThat(user.first(ScimStoredAttribute.TIMEZONE)).isEqualTo("America/Los_Angeles");
        assertThat(user.first(ScimStoredAttribute.EMPLOYEE_NUMBER)).isEqualTo("701984");
        assertThat(user.first(ScimStoredAttribute.COST_CENTER)).isEqualTo("4130");
        assertThat(user.first(ScimStoredAttribute.ORGANIZATION)).isEqualTo("Universal Studios");
        assertThat(user.first(ScimStoredAttribute.DIVISION)).isEqualTo("Theme Park");
        assertThat(user.first(ScimStoredAttribute.DEPARTMENT)).isEqualTo("Tour Operations");
        assertThat(user.first(ScimStoredAttribute.MANAGER)).isEqualTo("26118915-6090-4610-87e4-49d8ca9f808d");
        assertThat(json(user, ScimStoredAttribute.EMAILS)).containsExactly(
                "{\"value\":\"bjensen@example.com\",\"type\":\"work\",\"primary\":true}",
                "{\"value\":\"babs@jensen.org\",\"type\":\"home\"}");
        assertThat(json(user, ScimStoredAttribute.PHONE_NUMBERS)).containsExactly(
                "{\"value\":\"555-555-5555\",\"type\":\"work\"}", "{\"value\":\"555-555-4444\",\"type\":\"mobile\"}");
        assertThat(json(user, ScimStoredAttribute.ADDRESSES)).containsExactly("{\"streetAddress\":\"100 Universal City "
                + "Plaza\",\"locality\":\"Hollywood\",\"region\":\"CA\",\"postalCode\":\"91608\",\"country\":\"USA\","
                + "\"type\":\"work\",\"primary\":true}");
    }

    @Test
    void aPutLeavingAttributesOutRemovesThem() throws Exception {
        ScimUser replaced = ScimReplace.from(JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + " \"userName\": \"alice\"}"), true);
        assertThat(replaced.stored()).isEmpty();
        assertThat(replaced.email()).isNull();
    }

    @Test
    void entrasTypedPathsCreateChangeAndRemoveSingleValues() throws Exception {
        ScimUser user = patched(ALICE, """
                {"op": "Add", "path": "phoneNumbers[type eq \\"work\\"].value", "value": "+1 555 0100"},
                {"op": "Add", "path": "phoneNumbers[type eq \\"mobile\\"].value", "value": "+1 555 0199"},
                {"op": "Add", "path": "addresses[type eq \\"work\\"].streetAddress", "value": "1 Main St"},
                {"op": "Add", "path": "addresses[type eq \\"work\\"].locality", "value": "Springfield"},
                {"op": "Add", "path": "emails[type eq \\"home\\"].value", "value": "alice@home.example"},
                {"op": "Replace", "path": "title", "value": "Engineer"},
                {"op": "Replace", "path": "%s:manager", "value": "m-1"}
                """.formatted(ENTERPRISE));
        assertThat(json(user, ScimStoredAttribute.PHONE_NUMBERS)).containsExactly(
                "{\"value\":\"+1 555 0100\",\"type\":\"work\"}", "{\"value\":\"+1 555 0199\",\"type\":\"mobile\"}");
        assertThat(json(user, ScimStoredAttribute.ADDRESSES)).containsExactly(
                "{\"streetAddress\":\"1 Main St\",\"locality\":\"Springfield\",\"type\":\"work\"}");
        assertThat(user.email()).as("the work address stays Keycloak's e-mail").isEqualTo("alice@example.org");
        assertThat(json(user, ScimStoredAttribute.EMAILS)).containsExactly(
                "{\"value\":\"alice@example.org\",\"type\":\"work\",\"primary\":true}",
                "{\"value\":\"alice@home.example\",\"type\":\"home\"}");
        assertThat(user.first(ScimStoredAttribute.TITLE)).isEqualTo("Engineer");
        assertThat(user.first(ScimStoredAttribute.MANAGER)).isEqualTo("m-1");

        ScimUser changed = patched(user, """
                {"op": "Replace", "path": "phoneNumbers[type eq \\"work\\"].value", "value": "+1 555 0111"},
                {"op": "Remove", "path": "phoneNumbers[type eq \\"mobile\\"]"},
                {"op": "Replace", "path": "addresses[type eq \\"work\\"].locality", "value": null},
                {"op": "Remove", "path": "emails[type eq \\"home\\"]"},
                {"op": "Remove", "path": "title"},
                {"op": "Remove", "path": "%s:manager"}
                """.formatted(ENTERPRISE));
        assertThat(json(changed, ScimStoredAttribute.PHONE_NUMBERS)).containsExactly("{\"value\":\"+1 555 0111\",\"type\":\"work\"}");
        assertThat(json(changed, ScimStoredAttribute.ADDRESSES)).containsExactly("{\"streetAddress\":\"1 Main St\",\"type\":\"work\"}");
        assertThat(changed.stored()).as("a single work e-mail needs nothing beside Keycloak's field")
                .doesNotContainKeys(ScimStoredAttribute.EMAILS, ScimStoredAttribute.TITLE, ScimStoredAttribute.MANAGER);
        assertThat(changed.email()).isEqualTo("alice@example.org");
    }

    @Test
    void addAppendsValuesAndANewPrimaryTakesOver() throws Exception {
        ScimUser user = patched(ALICE, """
                {"op": "add", "path": "emails", "value": [{"value": "a2@example.org", "type": "other", "primary": true}]}
                """);
        assertThat(user.email()).as("the new primary becomes Keycloak's e-mail").isEqualTo("a2@example.org");
        assertThat(json(user, ScimStoredAttribute.EMAILS)).containsExactly(
                "{\"value\":\"alice@example.org\",\"type\":\"work\"}",
                "{\"value\":\"a2@example.org\",\"type\":\"other\",\"primary\":true}");
        ScimUser again = patched(user, """
                {"op": "add", "path": "emails", "value": [{"value": "a2@example.org", "type": "other", "primary": true}]}
                """);
        assertThat(again).as("a value already there is not repeated").isEqualTo(user);
        ScimUser replaced = patched(user, """
                {"op": "replace", "path": "emails", "value": [{"value": "only@example.org"}]}
                """);
        assertThat(replaced.email()).isEqualTo("only@example.org");
        assertThat(replaced.stored()).doesNotContainKey(ScimStoredAttribute.EMAILS);
    }

    @Test
    void theManagerIsReadInEveryShapeClientsSend() throws Exception {
        for (String operation : new String[] {
                "{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager\", \"value\": {\"value\": \"m-2\"}}",
                "{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager\", \"value\": \"m-2\"}",
                "{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager.value\", \"value\": \"m-2\"}",
                "{\"op\": \"replace\", \"value\": {\"" + ENTERPRISE + "\": {\"manager\": {\"value\": \"m-2\"}}}}",
                "{\"op\": \"add\", \"value\": {\"" + ENTERPRISE + ":manager\": \"m-2\"}}"}) {
            assertThat(patched(ALICE, operation).first(ScimStoredAttribute.MANAGER)).as(operation).isEqualTo("m-2");
        }
        ScimUser managed = patched(ALICE, "{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager\", \"value\": \"m-2\"}");
        assertThat(patched(managed, "{\"op\": \"replace\", \"path\": \"" + ENTERPRISE + ":manager\", \"value\": {\"value\": \"\"}}")
                .stored()).as("an empty value removes (Entra's null update)").doesNotContainKey(ScimStoredAttribute.MANAGER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"op\": \"add\", \"path\": \"photos\", \"value\": [{\"value\": \"https://x/p.jpg\"}]}       | invalidPath",
            "{\"op\": \"add\", \"path\": \"x509Certificates\", \"value\": [{\"value\": \"MIIB\"}]}           | invalidPath",
            "{\"op\": \"replace\", \"value\": {\"ims\": [{\"value\": \"alice\"}]}}                           | invalidPath",
            "{\"op\": \"replace\", \"value\": {\"urn:example:custom:2.0:User\": {\"x\": 1}}}                | invalidPath",
            "{\"op\": \"replace\", \"value\": {\"" + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"badge\": \"1\"}}} | invalidPath",
            "{\"op\": \"replace\", \"path\": \"title\", \"value\": 5}                                         | invalidValue",
            "{\"op\": \"replace\", \"path\": \"name.middleName\", \"value\": {}}                                | invalidValue",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers\", \"value\": {\"value\": \"1\"}}                 | invalidValue",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers\", \"value\": [{\"value\": \"1\", \"kind\": \"x\"}]} | invalidValue",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers\", \"value\": [{\"type\": \"work\"}]}              | invalidValue",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers\", \"value\": [{\"value\": 5}]}                     | invalidValue",
            "{\"op\": \"replace\", \"path\": \"emails\", \"value\": [{\"value\": \"a@x\", \"primary\": true}, {\"value\": \"b@x\", \"primary\": true}]} | invalidValue",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers[type eq \\\"work\\\"].colour\", \"value\": \"1\"}  | invalidPath",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers[type eq \\\"work\\\"\", \"value\": \"1\"}          | invalidPath",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers.value\", \"value\": \"1\"}                         | invalidPath",
            "{\"op\": \"replace\", \"path\": \"phoneNumbers[type co \\\"wo\\\"].value\", \"value\": \"1\"}     | noTarget",
            "{\"op\": \"replace\", \"path\": \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\", \"value\": {\"id\": \"m\"}} | invalidValue",
    })
    void whatCantBeKeptIsRefusedNeverDropped(String operation, String scimType) {
        assertThatThrownBy(() -> patched(ALICE, operation)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(scimType);
        });
    }

    @Test
    void emptyValuesOfAttributesNotKeptAreNoData() throws Exception {
        assertThat(patched(ALICE, "{\"op\": \"replace\", \"value\": {\"roles\": [], \"entitlements\": []}},"
                + "{\"op\": \"remove\", \"path\": \"photos\"}")).isEqualTo(ALICE);
    }
}
