package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<Boolean> wanted(String operations) throws Exception {
        return ScimPatch.wantedActive(JSON.readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations + "]}"));
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
    void operationsThatDontTouchTheStateWantNothing() throws Exception {
        assertThat(wanted("{\"op\": \"replace\", \"value\": {\"schemas\": []}}")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"op\": \"remove\"}                                             | noTarget",
            "{\"op\": \"remove\", \"path\": \"active\"}                       | mutability",
            "{\"op\": \"replace\", \"path\": \"emails[type eq \\\"work\\\"].value\", \"value\": \"x\"} | mutability",
            "{\"op\": \"replace\", \"path\": \"meta\", \"value\": {}}         | mutability",
            "{\"op\": \"replace\", \"path\": \"foo.bar\", \"value\": 1}       | invalidPath",
            "{\"op\": \"replace\", \"path\": 7, \"value\": 1}                 | invalidPath",
            "{\"op\": \"replace\", \"path\": \"active\", \"value\": \"yes\"}  | invalidValue",
            "{\"op\": \"replace\", \"path\": \"active\", \"value\": null}     | invalidValue",
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
            assertThatThrownBy(() -> ScimPatch.wantedActive(JSON.readTree(body)))
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        }
    }

    @Test
    void replaceBodyPrefersWhicheverAttributeChanged() throws Exception {
        JsonNode sentBackByAnUnawareClient = JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + " \"active\": false, \"urn:scim:wso2:schema\": {\"accountDisabled\": false}}");
        assertThat(ScimReplace.wantedActive(sentBackByAnUnawareClient, true)).contains(false);
        assertThat(ScimReplace.wantedActive(sentBackByAnUnawareClient, false)).contains(true);
        JsonNode neither = JSON.readTree("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"x\"}");
        assertThat(ScimReplace.wantedActive(neither, true)).isEmpty();
    }
}
