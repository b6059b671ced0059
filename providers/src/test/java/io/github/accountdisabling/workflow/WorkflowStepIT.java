package io.github.accountdisabling.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak Workflows running the pack's {@code deactivate-account} step and Keycloak's own {@code disable-user} step,
 * triggered the way Keycloak's own tests do against a server: the admin "activate for this user" call, which runs an
 * immediate step at once (asynchronously, right after the call commits).
 */
@KeycloakIntegrationTest
class WorkflowStepIT {

    private static final String PASSWORD = "correct-horse-42";

    @Test
    void deactivateAccountRunsTheWholeDeactivationAndAGuardFailsTheStep(KeycloakServer server, TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "workflow")) {
            String workflow = createWorkflow(client, realm, map("name", "offboard-now", "steps", List.of(
                    map("uses", DeactivateAccountStepFactory.ID, "with", map("reason", "left the company")))));
            String userId = realm.createUser("wanda", PASSWORD, Map.of());
            String token = realm.password("wanda", PASSWORD);
            assertThat(realm.user(userId).getUserSessions()).hasSize(1);

            activate(client, realm, workflow, userId);

            await(() -> !realm.user(userId).toRepresentation().isEnabled());
            await(() -> realm.user(userId).getUserSessions().isEmpty());
            assertThat(client.get("/realms/" + realm.name() + "/protocol/openid-connect/userinfo", token).status())
                    .isIn(401, 403);
            JsonNode history = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("source").asText()).isEqualTo("workflow");
            assertThat(history.get(0).get("reason").asText()).isEqualTo("left the company");
            assertThat(history.get(0).get("actor").asText()).isEqualTo(workflow);
            assertThat(history.get(0).get("actorName").asText()).isEqualTo("offboard-now");
            assertThat(realm.user(userId).toRepresentation().getAttributes())
                    .containsEntry("accountDisabledSource", List.of("workflow"));

            // bob holds a balance: the guard refuses, the step fails visibly, nothing changes
            String bob = realm.userId("bob");
            UserSnapshot bobBefore = UserSnapshot.of(client, realm, bob);
            activate(client, realm, workflow, bob);
            await(() -> server.logTail(400).stream().anyMatch(line -> line.contains("Workflow step deactivate-account refused")
                    && line.contains(bob) && line.contains("non_zero_balance")));
            assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(bobBefore);
            JsonNode scheduled = ShippedWorkflowsIT.getJson(client, "/admin/realms/" + realm.name()
                    + "/workflows/scheduled/" + bob);
            assertThat(scheduled.toString()).as("the failed step stays scheduled for Keycloak's next run")
                    .contains(DeactivateAccountStepFactory.ID);
        }
    }

    @Test
    void withoutAReasonAnImmediateStepSaysInactive(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "workflow-reason")) {
            // The days the workflow waited are added up from its steps (unit-tested); an immediate step waited none.
            String workflow = createWorkflow(client, realm, map("name", "inactive-now", "steps", List.of(
                    map("uses", DeactivateAccountStepFactory.ID))));
            String userId = realm.createUser("xena", PASSWORD, Map.of());
            activate(client, realm, workflow, userId);
            await(() -> !realm.user(userId).toRepresentation().isEnabled());
            assertThat(realm.user(userId).toRepresentation().getAttributes())
                    .containsEntry("accountDisabledReason", List.of("inactive"));
        }
    }

    @Test
    void keycloaksDisableUserStepGetsTheRevocationAndAHistoryRow(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "workflow-stock")) {
            String workflow = createWorkflow(client, realm, map("name", "stock-disable", "steps", List.of(
                    map("uses", WorkflowDisableFollower.KEYCLOAK_DISABLE_STEP))));
            String userId = realm.createUser("yuri", PASSWORD, Map.of());
            realm.password("yuri", PASSWORD);
            assertThat(realm.user(userId).getUserSessions()).hasSize(1);

            activate(client, realm, workflow, userId);

            await(() -> client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json().size() == 1);
            JsonNode row = client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json().get(0);
            assertThat(row.get("source").asText()).isEqualTo("workflow");
            assertThat(row.get("toState").asText()).isEqualTo("DEACTIVATED");
            assertThat(row.get("actorName").asText()).isEqualTo("stock-disable");
            assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
            assertThat(realm.user(userId).getUserSessions()).as("Keycloak's step alone leaves them").isEmpty();
        }
    }

    static String createWorkflow(TestClient client, TestRealm realm, Map<String, Object> workflow) {
        Response created = client.post("/admin/realms/" + realm.name() + "/workflows", client.adminToken(), json(workflow));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void activate(TestClient client, TestRealm realm, String workflow, String userId) {
        Response activated = client.post("/admin/realms/" + realm.name() + "/workflows/" + workflow + "/activate/USERS/"
                + userId, client.adminToken(), "{}");
        assertThat(activated.status()).as(activated.toString()).isIn(200, 204);
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
