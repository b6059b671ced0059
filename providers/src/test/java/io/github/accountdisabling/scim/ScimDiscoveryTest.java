package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery built on Keycloak's SCIM representations says what the hand-built trees it replaced said, field for field
 * (the files under {@code scim-discovery/} are those trees' output).
 */
class ScimDiscoveryTest {

    private static final String BASE = "https://kc.example/realms/r/scim2";

    @Test
    void everyDiscoveryDocumentIsUnchanged() throws IOException {
        assertThat(ScimDiscovery.serviceProviderConfig(BASE, 65536, 200)).isEqualTo(expected("ServiceProviderConfig"));
        assertThat(ScimDiscovery.userSchema(BASE)).isEqualTo(expected("User"));
        assertThat(ScimDiscovery.enterpriseSchema(BASE)).isEqualTo(expected("EnterpriseUser"));
        assertThat(ScimDiscovery.wso2Schema(BASE)).isEqualTo(expected("Wso2"));
        assertThat(ScimDiscovery.groupSchema(BASE)).isEqualTo(expected("Group"));
        assertThat(ScimDiscovery.userResourceType(BASE)).isEqualTo(expected("UserResourceType"));
        assertThat(ScimDiscovery.groupResourceType(BASE)).isEqualTo(expected("GroupResourceType"));
    }

    private static JsonNode expected(String name) throws IOException {
        try (InputStream in = ScimDiscoveryTest.class.getResourceAsStream("/scim-discovery/" + name + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
