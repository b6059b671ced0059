package io.github.accountdisabling.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Bulk deactivation and reactivation: one result per id, each item in its own transaction. */
@KeycloakIntegrationTest
class BulkIT {

    private static final String PASSWORD = "correct-horse-42";

    @Test
    void mixedIdsGetOneResultEachAndOneRefusalUndoesNoOther(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "bulk")) {
            String active = realm.createUser("ann", PASSWORD, Map.of());
            String alreadyDeactivated = realm.createUser("ben", PASSWORD, Map.of());
            assertThat(client.post(realm.api("/users/" + alreadyDeactivated + "/deactivate"), realm.apiToken(), "{}")
                    .status()).isEqualTo(200);
            String owing = realm.userId("bob");
            String admin = realm.createUser("root", PASSWORD, Map.of());
            realm.grantManagementRoles(admin, "realm-admin");
            String unknown = UUID.randomUUID().toString();
            String second = realm.createUser("cal", PASSWORD, Map.of());
            String sessionOfAnn = realm.password("ann", PASSWORD);
            UserSnapshot owingBefore = UserSnapshot.of(client, realm, owing);
            UserSnapshot adminBefore = UserSnapshot.of(client, realm, admin);
            UserSnapshot benBefore = UserSnapshot.of(client, realm, alreadyDeactivated);

            Response response = client.post(realm.api("/users/deactivate"), realm.apiToken(), json(map(
                    "ids", List.of(unknown, active, alreadyDeactivated, owing, admin, second), "reason", "offboarding")));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode results = response.json().get("results");
            assertThat(results).hasSize(6);
            assertItem(results.get(0), unknown, 404, "user_not_found");
            assertItem(results.get(1), active, 200, null);
            assertThat(results.get(1).get("details").get("sequence").asText()).isEqualTo("1");
            assertItem(results.get(2), alreadyDeactivated, 409, "already_deactivated");
            assertItem(results.get(3), owing, 422, "non_zero_balance");
            assertItem(results.get(4), admin, 422, "last_admin");
            assertItem(results.get(5), second, 200, null);

            assertThat(realm.user(active).toRepresentation().isEnabled()).isFalse();
            assertThat(realm.user(active).toRepresentation().getAttributes())
                    .containsEntry("accountDisabledReason", List.of("offboarding"));
            assertThat(realm.user(active).getUserSessions()).as("ann's session was revoked").isEmpty();
            assertThat(client.get("/realms/" + realm.name() + "/protocol/openid-connect/userinfo", sessionOfAnn).status())
                    .isIn(401, 403);
            assertThat(realm.user(second).toRepresentation().isEnabled()).isFalse();
            assertThat(UserSnapshot.of(client, realm, owing)).isEqualTo(owingBefore);
            assertThat(UserSnapshot.of(client, realm, admin)).isEqualTo(adminBefore);
            assertThat(UserSnapshot.of(client, realm, alreadyDeactivated)).isEqualTo(benBefore);

            Response back = client.post(realm.api("/users/reactivate"), realm.apiToken(), json(map(
                    "ids", List.of(active, owing))));
            assertItem(back.json().get("results").get(0), active, 200, null);
            assertItem(back.json().get("results").get(1), owing, 409, "not_deactivated");
            assertThat(realm.user(active).toRepresentation().isEnabled()).isTrue();
            assertThat(realm.password("ann", PASSWORD)).as("the same password works again").isNotBlank();
        }
    }

    @Test
    void tooManyIdsOrABadBodyChangeNothing(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "bulk-refusals")) {
            String alice = realm.userId("alice");
            String aliceToken = realm.password("alice", "alice-password");
            UserSnapshot before = UserSnapshot.of(client, realm, alice);
            List<String> tooMany = new ArrayList<>(List.of(alice));
            IntStream.range(0, AccountDisablingAdminResource.MAX_BULK_IDS).forEach(i -> tooMany.add(UUID.randomUUID().toString()));
            for (Object[] refused : new Object[][]{
                    {json(map("ids", tooMany)), "too_many_ids"},
                    {json(map("ids", List.of())), "invalid_field"},
                    {json(map("ids", List.of(alice, 5))), "invalid_field"},
                    {json(map("reason", "x")), "missing_field"},
                    {json(map("ids", List.of(alice), "extra", true)), "unknown_field"},
                    {"[\"" + alice + "\"]", "invalid_json"}}) {
                Response response = client.post(realm.api("/users/deactivate"), realm.apiToken(), (String) refused[0]);
                assertThat(response.status()).as(response.toString()).isEqualTo(400);
                assertThat(response.json().get("code").asText()).isEqualTo(refused[1]);
            }
            assertThat(UserSnapshot.of(client, realm, alice)).isEqualTo(before);
            Response noPermission = client.post(realm.api("/users/deactivate"), aliceToken,
                    json(map("ids", List.of(alice))));
            assertThat(noPermission.status()).isEqualTo(403);
            assertThat(UserSnapshot.of(client, realm, alice)).isEqualTo(before);
        }
    }

    @Test
    void theRateLimitCountsItems(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "bulk-limit")) {
            realm.putConfig(map("enabled", true, "rateLimitPerMinute", 2));
            List<String> ids = IntStream.range(0, 6).mapToObj(i -> realm.createUser("user" + i, PASSWORD, Map.of())).toList();

            JsonNode results = client.post(realm.api("/users/deactivate"), realm.apiToken(), json(map("ids", ids)))
                    .json().get("results");

            // Two items a minute; the limit's one-minute window may turn once during the call, so 2 to 4 items pass.
            List<Integer> statuses = new ArrayList<>();
            results.forEach(r -> statuses.add(r.get("status").asInt()));
            assertThat(statuses.subList(0, 2)).containsOnly(200);
            assertThat(statuses).containsOnly(200, 429);
            assertThat(statuses.stream().filter(status -> status == 429).count()).isGreaterThanOrEqualTo(2);
            for (int i = 0; i < ids.size(); i++) {
                boolean refused = statuses.get(i) == 429;
                assertThat(realm.user(ids.get(i)).toRepresentation().isEnabled()).as("item %d", i).isEqualTo(refused);
                if (refused) {
                    assertThat(results.get(i).get("code").asText()).isEqualTo("rate_limited");
                }
            }
        }
    }

    private static void assertItem(JsonNode item, String id, int status, String code) {
        assertThat(item.get("id").asText()).isEqualTo(id);
        assertThat(item.get("status").asInt()).as(item.toString()).isEqualTo(status);
        if (code == null) {
            assertThat(item.get("code").isNull()).isTrue();
            assertThat(item.get("details").has("changeDate")).isTrue();
        } else {
            assertThat(item.get("code").asText()).isEqualTo(code);
            assertThat(item.get("details").get("error").asText()).isNotBlank();
        }
    }
}
