package io.github.accountdisabling.guard;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.GroupRepresentation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Keycloak's fine-grained admin permissions (v2) on, Keycloak filters user queries by what the caller may see.
 * The last-admin guard must count the realm's administrators as they are, whoever asks: the master admin, the pack's
 * integration client (manage-users, view-users) and a delegated admin whose permission covers one group get the same
 * verdict for the same realm state, and the real last administrator stays refused for all of them.
 */
@KeycloakIntegrationTest
class LastAdminUnderFineGrainedPermissionsIT {

    private static final String PASSWORD = "correct-horse-42";

    @Test
    void everyCallerGetsTheSameVerdictForTheSameRealmState(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "fgap-admins")) {
            String adm1 = realm.createUser("adm1", PASSWORD, Map.of());
            String adm2 = realm.createUser("adm2", PASSWORD, Map.of());
            realm.grantManagementRoles(adm1, "realm-admin");
            realm.grantManagementRoles(adm2, "realm-admin");
            Response fgap = client.put("/admin/realms/" + realm.name(), client.adminToken(),
                    json(map("adminPermissionsEnabled", true)));
            assertThat(fgap.status()).as(fgap.toString()).isEqualTo(204);
            String delegateToken = delegatedAdminOfOneGroup(client, realm, List.of(adm1, adm2));

            Map<String, String> callers = new LinkedHashMap<>();
            callers.put("master admin", client.adminToken());
            callers.put("integration client", realm.apiToken());
            callers.put("delegated admin of one group", delegateToken);

            for (Map.Entry<String, String> caller : callers.entrySet()) {
                // adm2 is enabled: deactivating adm1 is allowed.
                Response deactivated = client.post(realm.api("/users/" + adm1 + "/deactivate"), caller.getValue(), "");
                assertThat(deactivated.status()).as(caller.getKey() + ": " + deactivated).isEqualTo(200);
                // Now adm2 is the last one: refused, nothing changed.
                UserSnapshot before = UserSnapshot.of(client, realm, adm2);
                Response refused = client.post(realm.api("/users/" + adm2 + "/deactivate"), caller.getValue(), "");
                assertThat(refused.status()).as(caller.getKey() + ": " + refused).isEqualTo(422);
                assertThat(refused.json().get("code").asText()).isEqualTo("last_admin");
                assertThat(UserSnapshot.of(client, realm, adm2)).as(caller.getKey()).isEqualTo(before);
                Response back = client.post(realm.api("/users/" + adm1 + "/reactivate"), client.adminToken(), "");
                assertThat(back.status()).as(back.toString()).isEqualTo(200);
            }
        }
    }

    /**
     * A user of the realm whose only admin role is {@code query-users} and whose reach is a Keycloak permission over the members of one group
     * holding {@code members}; returns its token. Keycloak's own filtering then hides every other user from it.
     */
    private static String delegatedAdminOfOneGroup(TestClient client, TestRealm realm, List<String> members) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName("managed-team");
        String groupId;
        try (var created = realm.resource().groups().add(group)) {
            groupId = CreatedResponseUtil.getCreatedId(created);
        }
        members.forEach(id -> realm.user(id).joinGroup(groupId));
        String delegate = realm.createUser("delegate", PASSWORD, Map.of());
        // may search users at all; which users it sees is the permission's
        realm.grantManagementRoles(delegate, "query-users");

        JsonNode rep = client.get("/admin/realms/" + realm.name(), client.adminToken()).json();
        String permissionsClient = rep.get("adminPermissionsClient").get("id").asText();
        String authz = "/admin/realms/" + realm.name() + "/clients/" + permissionsClient + "/authz/resource-server";
        Response policy = client.post(authz + "/policy/user", client.adminToken(),
                json(map("name", "the delegate", "users", List.of(delegate))));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
        Response permission = client.post(authz + "/permission/scope", client.adminToken(), json(map(
                "name", "delegate manages the team", "resourceType", "Groups",
                "resources", List.of(groupId), "scopes", List.of("view-members", "manage-members"),
                "policies", List.of(policy.json().get("id").asText()))));
        assertThat(permission.status()).as(permission.toString()).isEqualTo(201);
        String token = client.userToken(realm.name(), "admin-cli", "delegate", PASSWORD);
        // Its view is the group: Keycloak lists the two team members and nobody else.
        JsonNode visible = client.get("/admin/realms/" + realm.name() + "/users?briefRepresentation=true&max=100",
                token).json();
        assertThat(visible.findValuesAsText("username")).containsExactlyInAnyOrder("adm1", "adm2");
        return token;
    }
}
