package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ScimUser ALICE = new ScimUser("alice", "Alice", "Anders", null, "alice@example.org", null,
            true, null);

    private static ScimUser patched(String operations) throws Exception {
        return ScimPatch.apply(JSON.readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations + "]}"),
                ALICE);
    }

    private static Optional<Boolean> wanted(String operations) throws Exception {
        return Optional.ofNullable(patched(operations).active());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"op\": \"replace\", \"path\": \"active\", \"value\": false}                                    | false",
            "{\"op\": \"Replace\", \"path\": \"active\", \"value\": \"False\"}                                | false",
            "{\"op\": \"ADD\", \"path\": \"active\", \"value\": \"TRUE\"}                                     | true",
            "{\"op\": \"replace\", \"path\": \"urn:ietf:params:scim:schemas:core:2.0:User:active\", \"value\": false} | false",
            "{\"op\": \"replace\", \"path\": \"urn:scim:wso2:schema:accountDisabled\", \"value\": true}        | false",
            "{\"op\": \"replace\", \"path\": \"urn:scim:wso2:schema:accountDisabled\", \"value\": \"False\"}   | true",
            "{\"op\": \"replace\", \"value\": {\"urn:scim:wso2:schema\": {\"accountDisabled\": true}}}         | false",
            "{\"op\": \"replace\", \"value\": {\"active\": true}}                                               | true",
            "{\"op\": \"replace\", \"path\": \"active\", \"value\": false}, {\"op\": \"replace\", \"path\": \"active\", \"value\": true} | true",
    })
    void readsTheWantedState(String operations, boolean active) throws Exception {
        assertThat(wanted(operations)).contains(active);
    }

    @Test
    void operationsThatDontTouchAnythingLeaveTheUserAsItIs() throws Exception {
        assertThat(patched("{\"op\": \"replace\", \"value\": {\"schemas\": []}}")).isEqualTo(ALICE);
    }

    @Test
    void entrasMultiOperationUpdateAppliesEveryOperationInOrder() throws Exception {
        ScimUser result = patched("{\"op\": \"Replace\", \"path\": \"displayName\", \"value\": \"Alice A.\"},"
                + "{\"op\": \"Replace\", \"path\": \"name.familyName\", \"value\": \"Andersen\"},"
                + "{\"op\": \"Add\", \"path\": \"emails[type eq \\\"work\\\"].value\", \"value\": \"alice@work.example\"},"
                + "{\"op\": \"Add\", \"path\": \"externalId\", \"value\": \"e-1\"},"
                + "{\"op\": \"Replace\", \"path\": \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\", \"value\": \"Sales\"},"
                + "{\"op\": \"Replace\", \"path\": \"active\", \"value\": \"False\"}");
        assertThat(result).isEqualTo(new ScimUser("alice", "Alice", "Andersen", "Alice A.", "alice@work.example", "e-1",
                false, null).withStored(ScimStoredAttribute.DEPARTMENT, List.of("Sales")));
    }

    @Test
    void oktasPathlessReplaceSetsEveryAttributeItNames() throws Exception {
        ScimUser result = patched("{\"op\": \"replace\", \"value\": {\"name\": {\"givenName\": \"Al\"},"
                + " \"password\": \" s3cret pass \", \"active\": true}}");
        assertThat(result).isEqualTo(new ScimUser("alice", "Al", "Anders", null, "alice@example.org", null, true,
                " s3cret pass "));
    }

    @Test
    void removeClearsOptionalAttributes() throws Exception {
        ScimUser result = patched("{\"op\": \"remove\", \"path\": \"name.givenName\"},"
                + "{\"op\": \"remove\", \"path\": \"emails\"}");
        assertThat(result.givenName()).isNull();
        assertThat(result.email()).isNull();
        assertThat(result.userName()).isEqualTo("alice");
    }

    /** Microsoft's null-update test: RFC 7643 §2.5 makes null the same state as unassigned. */
    @Test
    void replaceWithNullOrEmptyClearsOptionalAttributes() throws Exception {
        ScimUser result = patched("{\"op\": \"Replace\", \"path\": \"name.givenName\", \"value\": null},"
                + "{\"op\": \"Replace\", \"path\": \"name.familyName\", \"value\": \"\"}");
        assertThat(result.givenName()).isNull();
        assertThat(result.familyName()).isNullOrEmpty();
        assertThat(result.email()).isEqualTo("alice@example.org");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"op\": \"remove\"}                                             | noTarget",
            "{\"op\": \"remove\", \"path\": \"active\"}                       | mutability",
            "{\"op\": \"remove\", \"path\": \"userName\"}                     | mutability",
            "{\"op\": \"replace\", \"path\": \"groups\", \"value\": []}        | mutability",
            "{\"op\": \"replace\", \"path\": \"userName\", \"value\": \"\"}  | invalidValue",
            "{\"op\": \"replace\", \"path\": \"userName\", \"value\": 5}       | invalidValue",
            "{\"op\": \"replace\", \"path\": \"meta\", \"value\": {}}         | mutability",
            "{\"op\": \"replace\", \"path\": \"foo.bar\", \"value\": 1}       | invalidPath",
            "{\"op\": \"replace\", \"path\": 7, \"value\": 1}                 | invalidPath",
            "{\"op\": \"replace\", \"path\": \"active\", \"value\": \"yes\"}  | invalidValue",
            "{\"op\": \"replace\", \"path\": \"active\", \"value\": null}     | mutability",
            "{\"op\": \"replace\", \"value\": [true]}                         | invalidValue",
            "{\"op\": \"replace\", \"value\": {\"urn:scim:wso2:schema\": true}} | invalidValue",
            "{\"op\": \"copy\", \"path\": \"active\", \"value\": true}        | invalidSyntax",
            "{\"op\": true}                                                   | invalidSyntax",
            "\"replace\"                                                      | invalidSyntax",
    })
    void refusesWithTheRightScimType(String operations, String scimType) {
        assertThatThrownBy(() -> wanted(operations)).isInstanceOfSatisfying(ScimException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(scimType);
        });
    }

    @Test
    void theBodyMustBeAPatchOp() {
        for (String body : new String[]{"[]", "{\"Operations\": []}", "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + " \"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": true}]}",
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": {}}"}) {
            assertThatThrownBy(() -> ScimPatch.apply(JSON.readTree(body), ALICE))
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        }
    }

    @Test
    void replaceBodyPrefersWhicheverAttributeChanged() throws Exception {
        JsonNode sentBackByAnUnawareClient = JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + " \"userName\": \"alice\", \"active\": false, \"urn:scim:wso2:schema\": {\"accountDisabled\": false}}");
        assertThat(ScimReplace.from(sentBackByAnUnawareClient, true).active()).isFalse();
        assertThat(ScimReplace.from(sentBackByAnUnawareClient, false).active()).isTrue();
        JsonNode neither = JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"x\"}");
        assertThat(ScimReplace.from(neither, true).active()).isNull();
        assertThat(ScimReplace.from(neither, null).active()).as("a new user starts active").isTrue();
    }

    @Test
    void replaceBodyIsTheWholeUser() throws Exception {
        JsonNode entraCreate = JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + " \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"], \"externalId\": \"0a21f0f2\","
                + " \"userName\": \"Test_User@testuser.com\", \"active\": true, \"emails\": [{\"primary\": true,"
                + " \"type\": \"work\", \"value\": \"test.user@testuser.com\"}], \"meta\": {\"resourceType\": \"User\"},"
                + " \"name\": {\"formatted\": \"givenName familyName\", \"familyName\": \"familyName\","
                + " \"givenName\": \"givenName\"}, \"roles\": [],"
                + " \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": {\"department\": \"Sales\"}}");
        assertThat(ScimReplace.from(entraCreate, null)).isEqualTo(new ScimUser("Test_User@testuser.com", "givenName",
                "familyName", null, "test.user@testuser.com", "0a21f0f2", true, null)
                .withStored(ScimStoredAttribute.FORMATTED_NAME, List.of("givenName familyName"))
                .withStored(ScimStoredAttribute.DEPARTMENT, List.of("Sales")));
        JsonNode withoutUserName = JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"]}");
        assertThatThrownBy(() -> ScimReplace.from(withoutUserName, true))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
    }
}
