package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.TestClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The SCIM error shape (RFC 7644 §3.12) every refusal of the endpoint answers in. */
final class ScimErrorAssertions {

    private ScimErrorAssertions() {
    }

    /** {@code scimType} {@code null}: the error has none. */
    static void assertScimError(Response response, int status, String scimType) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/scim+json");
        JsonNode error = response.json();
        assertThat(error.get("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.get("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(error.get("detail").asText()).isNotBlank();
        if (scimType == null) {
            assertThat(error.has("scimType")).isFalse();
        } else {
            assertThat(error.get("scimType").asText()).isEqualTo(scimType);
        }
    }
}
