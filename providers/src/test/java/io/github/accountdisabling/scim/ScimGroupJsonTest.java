package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group bodies read through Keycloak's SCIM representation, strictly. */
class ScimGroupJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsWhatEntraAndOktaPost() throws Exception {
        assertThat(ScimGroupJson.read(JSON.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "externalId": "8aa1",
                 "displayName": "Sales", "members": [{"value": "u1", "display": "ann", "$ref": "x", "type": "User"}],
                 "meta": {"resourceType": "Group"}, "id": "ignored"}""")))
                .isEqualTo(new ScimGroupJson.Draft("Sales", "8aa1", List.of("u1")));
        assertThat(ScimGroupJson.read(JSON.readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Okta", "members": []}""")))
                .isEqualTo(new ScimGroupJson.Draft("Okta", null, List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"displayName\": \"x\"}                                                                   | invalidSyntax",
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"]}                          | invalidValue",
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"displayName\": 5}      | invalidValue",
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"displayName\": \"x\", \"owner\": \"y\"} | invalidSyntax",
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"displayName\": \"x\", \"members\": [{}]} | invalidValue",
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"displayName\": \"x\", \"members\": {\"value\": \"u\"}} | invalidValue",
            "[]                                                                                          | invalidSyntax",
    })
    void refusals(String body, String scimType) {
        assertThatThrownBy(() -> ScimGroupJson.read(JSON.readTree(body)))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(scimType);
                });
    }
}
