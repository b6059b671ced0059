package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors in Keycloak's representation read as RFC 7644 §3.12 shows them, as the hand-built ones did. */
class ScimErrorJsonTest {

    @Test
    void anErrorHasItsSchemaItsStatusAsAStringAndScimTypeOnlyWhenThereIsOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(ScimJson.error(400, "invalidFilter", "Bad filter.")).isEqualTo(json.readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:Error\"], \"status\": \"400\","
                        + " \"scimType\": \"invalidFilter\", \"detail\": \"Bad filter.\"}"));
        assertThat(ScimJson.error(404, null, "No such user.")).isEqualTo(json.readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:Error\"], \"status\": \"404\","
                        + " \"detail\": \"No such user.\"}"));
    }
}
