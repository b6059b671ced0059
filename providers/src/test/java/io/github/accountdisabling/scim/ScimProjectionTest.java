package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7644 §3.4.2.5 {@code attributes} / {@code excludedAttributes} on a User-shaped resource. */
class ScimProjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final Set<String> ATTRIBUTES = Set.of("userName", "name", "emails", "active", "meta",
            "urn:scim:wso2:schema");

    private static ObjectNode user() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"schemas": ["%s"], "id": "1", "userName": "ann", "name": {"givenName": "Ann", "familyName": "Lee"},
                 "emails": [{"value": "ann@example.org", "type": "work", "primary": true}], "active": true,
                 "urn:scim:wso2:schema": {"accountDisabled": false}, "meta": {"resourceType": "User"}}"""
                .formatted(CORE));
    }

    private static ObjectNode projected(String attributes, String excluded) throws Exception {
        return ScimProjection.of(attributes, excluded, CORE, ATTRIBUTES).apply(user());
    }

    @Test
    void attributesKeepOnlyWhatIsNamedAndAlwaysIdAndSchemas() throws Exception {
        assertThat(projected("userName,name.givenName", null)).isEqualTo(JSON.readTree("""
                {"schemas": ["%s"], "id": "1", "userName": "ann", "name": {"givenName": "Ann"}}""".formatted(CORE)));
        assertThat(projected(CORE + ":emails.value,urn:scim:wso2:schema:accountDisabled", null))
                .isEqualTo(JSON.readTree("""
                        {"schemas": ["%s"], "id": "1", "emails": [{"value": "ann@example.org"}],
                         "urn:scim:wso2:schema": {"accountDisabled": false}}""".formatted(CORE)));
        assertThat(projected("name,name.givenName", null).get("name").size()).as("the whole attribute wins").isEqualTo(2);
    }

    @Test
    void excludedAttributesDropWhatIsNamed() throws Exception {
        ObjectNode result = projected(null, "emails,name.familyName,meta,id");
        assertThat(result.has("emails")).isFalse();
        assertThat(result.has("meta")).isFalse();
        assertThat(result.get("id").asText()).isEqualTo("1");
        assertThat(result.get("name")).isEqualTo(JSON.readTree("{\"givenName\": \"Ann\"}"));
        assertThat(result.get("userName").asText()).isEqualTo("ann");
    }

    @Test
    void showsTellsWhetherAnAttributeIsRendered() {
        assertThat(ScimProjection.of(null, "emails", CORE, ATTRIBUTES).shows("emails")).isFalse();
        assertThat(ScimProjection.of(null, "emails.type", CORE, ATTRIBUTES).shows("emails")).isTrue();
        assertThat(ScimProjection.of("userName", null, CORE, ATTRIBUTES).shows("emails")).isFalse();
        assertThat(ScimProjection.of(null, null, CORE, ATTRIBUTES).shows("emails")).isTrue();
    }

    @Test
    void unknownAttributesAreRefused() {
        assertThatThrownBy(() -> projected("title", null)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
        assertThatThrownBy(() -> projected(null, "urn:other:schema:x")).isInstanceOf(ScimException.class);
    }
}
