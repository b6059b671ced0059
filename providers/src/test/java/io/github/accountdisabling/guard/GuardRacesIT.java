package io.github.accountdisabling.guard;

import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Decisions that depend on other rows hold under concurrent calls: last admin, If-Match. */
@KeycloakIntegrationTest
class GuardRacesIT {

    private static final int ROUNDS = 8;
    private static final String PASSWORD = "correct-horse-42";

    private static TestClient client;
    private static ExecutorService pool;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** Runs both calls at the same moment and returns their answers in order. */
    private static List<Response> together(Callable<Response> first, Callable<Response> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Response>> calls = new ArrayList<>();
        for (Callable<Response> call : List.of(first, second)) {
            calls.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return call.call();
            }));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> call : calls) {
            answers.add(call.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static Response deactivate(TestRealm realm, String userId) {
        return client.post(realm.api("/users/" + userId + "/deactivate"), client.adminToken(), json(map("reason", "race")));
    }

    private static void ensureActive(TestRealm realm, String userId) {
        if (!Boolean.TRUE.equals(realm.user(userId).toRepresentation().isEnabled())) {
            Response response = client.post(realm.api("/users/" + userId + "/reactivate"), client.adminToken(), "");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
    }

    @Test
    void twoAdministratorsDeactivatedAtOnceLeaveOneEnabledInEveryRound() throws Exception {
        try (TestRealm realm = TestRealm.create(client, "two-admins")) {
            String first = realm.createUser("ada", PASSWORD, Map.of());
            String second = realm.createUser("alan", PASSWORD, Map.of());
            realm.grantManagementRoles(first, "realm-admin");
            realm.grantManagementRoles(second, "realm-admin");
            for (int round = 0; round < ROUNDS; round++) {
                ensureActive(realm, first);
                ensureActive(realm, second);
                List<Response> answers = together(() -> deactivate(realm, first), () -> deactivate(realm, second));
                long enabled = List.of(first, second).stream()
                        .filter(id -> Boolean.TRUE.equals(realm.user(id).toRepresentation().isEnabled())).count();
                assertThat(enabled).as("round %s: enabled administrators (%s)", round, answers).isEqualTo(1);
                assertThat(answers).extracting(Response::status).as("round %s", round).containsExactlyInAnyOrder(200, 422);
                Response loser = answers.stream().filter(a -> a.status() == 422).findFirst().orElseThrow();
                assertThat(loser.json().get("code").asText()).isEqualTo(LastAdminGuardFactory.CODE);
            }
        }
    }

    @Test
    void anAdministratorThroughACompositeRealmRoleCounts() {
        try (TestRealm realm = TestRealm.create(client, "composite-admin")) {
            String management = realm.resource().clients().findByClientId("realm-management").get(0).getId();
            RoleRepresentation realmAdmin = realm.resource().clients().get(management).roles().get("realm-admin")
                    .toRepresentation();
            RoleRepresentation operators = new RoleRepresentation();
            operators.setName("operators");
            realm.resource().roles().create(operators);
            realm.resource().roles().get("operators").addComposites(List.of(realmAdmin));
            String viaComposite = realm.createUser("olga", PASSWORD, Map.of());
            realm.user(viaComposite).roles().realmLevel().add(List.of(realm.resource().roles().get("operators").toRepresentation()));
            String direct = realm.createUser("dirk", PASSWORD, Map.of());
            realm.grantManagementRoles(direct, "realm-admin");

            Response allowed = deactivate(realm, direct);
            assertThat(allowed.status()).as("olga is an administrator too: %s", allowed).isEqualTo(200);
            Response refused = deactivate(realm, viaComposite);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("code").asText()).isEqualTo(LastAdminGuardFactory.CODE);
            assertThat(realm.user(viaComposite).toRepresentation().isEnabled()).isTrue();
        }
    }

    @Test
    void twoScimChangesWithOneVersionApplyOnlyOnce() throws Exception {
        try (TestRealm realm = TestRealm.create(client, "if-match")) {
            String userId = realm.createUser("ivy", PASSWORD, Map.of());
            String path = "/realms/" + realm.name() + "/scim2/Users/" + userId;
            String disable = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], "
                    + "\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": false}]}";
            for (int round = 0; round < ROUNDS; round++) {
                ensureActive(realm, userId);
                int historyBefore = client.get(realm.api("/users/" + userId + "/history"), realm.apiToken()).json().size();
                String version = client.get(path, realm.apiToken()).json().get("meta").get("version").asText();
                Callable<Response> patch = () -> client.sendWithHeaders("PATCH", path, realm.apiToken(),
                        "application/scim+json", disable, Map.of("If-Match", version));
                List<Response> answers = together(patch, patch);
                assertThat(answers).extracting(Response::status).as("round %s: %s", round, answers)
                        .containsExactlyInAnyOrder(200, 412);
                int historyAfter = client.get(realm.api("/users/" + userId + "/history"), realm.apiToken()).json().size();
                assertThat(historyAfter).as("round %s: one change", round).isEqualTo(historyBefore + 1);
            }
        }
    }
}
