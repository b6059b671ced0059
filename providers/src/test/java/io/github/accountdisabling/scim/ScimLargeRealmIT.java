package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Filters over a realm of 10,000 users are answered by the database, page by page. */
@KeycloakIntegrationTest
class ScimLargeRealmIT {

    private static final int USERS = 10_000;
    private static final int BATCH = 2_500;

    @Test
    void filterOverTenThousandUsersReturnsTheRightPage(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "large")) {
            for (int from = 0; from < USERS; from += BATCH) {
                List<UserRepresentation> batch = new ArrayList<>();
                for (int i = from; i < from + BATCH; i++) {
                    UserRepresentation user = new UserRepresentation();
                    user.setUsername(String.format("bulk-%05d", i));
                    user.setEmail(String.format("bulk-%05d@example.org", i));
                    // Every tenth user is disabled: 1,000 of them.
                    user.setEnabled(i % 10 != 0);
                    batch.add(user);
                }
                PartialImportRepresentation partial = new PartialImportRepresentation();
                partial.setUsers(batch);
                partial.setIfResourceExists(PartialImportRepresentation.Policy.FAIL.name());
                realm.resource().partialImport(partial).close();
            }
            String token = realm.apiToken();
            String base = "/realms/" + realm.name() + "/scim2/Users?filter=";

            JsonNode inactive = client.get(base + encode("active eq false") + "&startIndex=101&count=50", token).json();
            assertThat(inactive.get("totalResults").asInt()).isEqualTo(1_000);
            assertThat(inactive.get("startIndex").asInt()).isEqualTo(101);
            assertThat(inactive.get("itemsPerPage").asInt()).isEqualTo(50);
            List<String> expected = IntStream.range(100, 150).mapToObj(n -> String.format("bulk-%05d", n * 10)).toList();
            assertThat(inactive.get("Resources")).extracting(r -> r.get("userName").asText()).containsExactlyElementsOf(expected);
            assertThat(inactive.get("Resources")).allSatisfy(r -> {
                assertThat(r.get("active").asBoolean()).isFalse();
                assertThat(r.get("urn:scim:wso2:schema").get("accountDisabled").asBoolean()).isTrue();
            });

            JsonNode active = client.get(base + encode("active eq true") + "&count=0", token).json();
            assertThat(active.get("totalResults").asInt()).as("9,000 bulk users plus alice and bob").isEqualTo(9_002);
            assertThat(active.get("Resources")).isEmpty();

            JsonNode one = client.get(base + encode("userName eq \"bulk-04321\""), token).json();
            assertThat(one.get("totalResults").asInt()).isEqualTo(1);
            assertThat(one.get("Resources").get(0).get("emails").get(0).get("value").asText()).isEqualTo("bulk-04321@example.org");

            JsonNode lastPage = client.get(base + encode("emails.value eq \"bulk-09990@example.org\" or active eq false")
                    + "&startIndex=996&count=10", token).json();
            assertThat(lastPage.get("totalResults").asInt()).isEqualTo(1_000);
            assertThat(lastPage.get("Resources")).extracting(r -> r.get("userName").asText())
                    .containsExactly("bulk-09950", "bulk-09960", "bulk-09970", "bulk-09980", "bulk-09990");

            JsonNode all = client.get("/realms/" + realm.name() + "/scim2/Users?count=500", token).json();
            assertThat(all.get("totalResults").asInt()).isEqualTo(USERS + 2);
            assertThat(all.get("itemsPerPage").asInt()).as("count is capped").isEqualTo(200);
        }
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
