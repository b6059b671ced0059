package io.github.accountdisabling.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.guard.BalanceGuardFactory;
import io.github.accountdisabling.listener.AccountDisablingEventListenerFactory;
import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keycloak's own {@code PUT /admin/realms/{realm}/users/{id}}, what the console's Enabled switch, kcadm and admin
 * clients send: while the pack is on, turning a user off or on is the pack's deactivation or reactivation, refusals
 * reject the whole request in Keycloak's error shape, and everything else stays Keycloak's.
 */
@KeycloakIntegrationTest
class StockDoorsIT {

    private static final String PASSWORD = "correct-horse-42";

    private static TestClient client;
    private static TestRealm realm;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "stock-doors");
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String usersPath(TestRealm in, String userId) {
        return "/admin/realms/" + in.name() + "/users/" + userId;
    }

    /** The whole user as the console holds it, with {@code edit} applied: what its switch and Save send. */
    private static Response stockPut(TestRealm in, String userId, java.util.function.Consumer<UserRepresentation> edit) {
        UserRepresentation rep = in.user(userId).toRepresentation();
        edit.accept(rep);
        return client.put(usersPath(in, userId), client.adminToken(), json(rep));
    }

    private static JsonNode history(TestRealm in, String userId) {
        return client.get(in.api("/users/" + userId + "/history"), client.adminToken()).json();
    }

    private static void assertErrorMessage(Response response, int status, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().get("errorMessage").asText()).isEqualTo(message);
    }

    @Test
    void aStockPutThatRenamesAndDisablesBobIsRefusedWholeWithTheBalanceMessage() {
        String bob = realm.userId("bob");
        realm.password("bob", "bob-password");
        UserSnapshot before = UserSnapshot.of(client, realm, bob);
        String firstName = realm.user(bob).toRepresentation().getFirstName();

        Response refused = stockPut(realm, bob, rep -> {
            rep.setFirstName("Robert");
            rep.setEnabled(false);
        });

        assertErrorMessage(refused, 422, BalanceGuardFactory.NON_ZERO_BALANCE_MESSAGE);
        assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(before);
        assertThat(realm.user(bob).toRepresentation().getFirstName()).as("no other field written").isEqualTo(firstName);
    }

    @Test
    void aStockDisableWithASavedReasonIsThePacksDeactivationAndAStockEnableItsReactivation() {
        String userId = realm.createUser("alma", PASSWORD, Map.of());
        String refreshToken = client.tokenRequest(realm.name(), Map.of("grant_type", "password", "client_id",
                TestRealm.APP_CLIENT_ID, "username", "alma", "password", PASSWORD)).get("refresh_token").asText();

        // The console: type the reason into its field, Save, then the Enabled switch.
        Response saved = stockPut(realm, userId, rep -> rep.singleAttribute(DisabledAttributes.REASON_TO_RECORD,
                "Asked to close her account"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(204);
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();
        Response disabled = stockPut(realm, userId, rep -> rep.setEnabled(false));
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(204);

        UserRepresentation after = realm.user(userId).toRepresentation();
        assertThat(after.isEnabled()).isFalse();
        assertThat(after.getAttributes())
                .containsEntry(DisabledAttributes.DISABLED, List.of("true"))
                .containsEntry(DisabledAttributes.REASON, List.of("Asked to close her account"))
                .containsEntry(DisabledAttributes.SOURCE, List.of("console"))
                .containsEntry(DisabledAttributes.BY_NAME, List.of("admin"))
                .doesNotContainKey(DisabledAttributes.REASON_TO_RECORD);
        assertThat(realm.user(userId).getUserSessions()).as("revoked at once").isEmpty();
        Response refresh = client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", TestRealm.APP_CLIENT_ID, "refresh_token", refreshToken));
        assertThat(refresh.status()).isEqualTo(400);
        JsonNode history = history(realm, userId);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("toState").asText()).isEqualTo("DEACTIVATED");
        assertThat(history.get(0).get("source").asText()).isEqualTo("console");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("Asked to close her account");
        List<AdminEventRepresentation> events = realm.resource().getAdminEvents(List.of("UPDATE"), null, null, null,
                null, "users/" + userId, null, null, 0, 50);
        assertThat(events).anyMatch(e -> e.getRepresentation() != null && e.getRepresentation().contains("\"console\""));

        // The console's Save of the deactivated user keeps the record; a new reason for it is refused.
        Map<String, List<String>> record = realm.user(userId).toRepresentation().getAttributes();
        assertThat(stockPut(realm, userId, rep -> rep.setLastName("Renamed")).status()).isEqualTo(204);
        assertThat(realm.user(userId).toRepresentation().getAttributes()).isEqualTo(record);
        UserSnapshot deactivated = UserSnapshot.of(client, realm, userId);
        Response rewritten = stockPut(realm, userId, rep -> rep.singleAttribute(DisabledAttributes.REASON_TO_RECORD,
                "Another reason"));
        assertThat(rewritten.status()).as(rewritten.toString()).isEqualTo(400);
        assertThat(rewritten.json().get("errorMessage").asText()).contains("recorded reason can't be changed");
        assertThat(UserSnapshot.of(client, realm, userId)).isEqualTo(deactivated);

        Response enabled = stockPut(realm, userId, rep -> rep.setEnabled(true));
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(204);
        UserRepresentation back = realm.user(userId).toRepresentation();
        assertThat(back.isEnabled()).isTrue();
        assertThat(back.getAttributes() == null ? Map.of() : back.getAttributes())
                .doesNotContainKey(DisabledAttributes.DISABLED).doesNotContainKey(DisabledAttributes.REASON);
        assertThat(history(realm, userId)).hasSize(2);
        assertThat(history(realm, userId).get(1).get("toState").asText()).isEqualTo("ACTIVE");
        assertThat(history(realm, userId).get(1).get("source").asText()).isEqualTo("console");
        assertThat(realm.password("alma", PASSWORD)).as("the same password works again").isNotBlank();
    }

    @Test
    void theLastAdministratorIsRefusedThroughTheStockPut() {
        try (TestRealm own = TestRealm.create(client, "stock-last-admin")) {
            String onlyAdmin = own.createUser("root", PASSWORD, Map.of());
            own.grantManagementRoles(onlyAdmin, "realm-admin");
            UserSnapshot before = UserSnapshot.of(client, own, onlyAdmin);

            Response refused = stockPut(own, onlyAdmin, rep -> rep.setEnabled(false));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("errorMessage").asText()).contains("last enabled administrator");
            assertThat(UserSnapshot.of(client, own, onlyAdmin)).isEqualTo(before);
        }
    }

    @Test
    void withThePackOffTheStockPutIsKeycloaksOwn() {
        try (TestRealm off = TestRealm.create(client, "stock-off")) {
            off.putConfig(map("enabled", false));
            String bob = off.userId("bob");
            Response disabled = stockPut(off, bob, rep -> rep.setEnabled(false));
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(204);
            assertThat(off.user(bob).toRepresentation().isEnabled()).isFalse();
        }
    }

    @Test
    void aPutWithoutEnabledOrWithTheSameStateChangesNoState() {
        String userId = realm.createUser("nils", PASSWORD, Map.of());
        Response renamed = client.put(usersPath(realm, userId), client.adminToken(), json(map("firstName", "Nils")));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(204);
        assertThat(stockPut(realm, userId, rep -> rep.setEnabled(true)).status()).isEqualTo(204);
        assertThat(history(realm, userId)).isEmpty();
        assertThat(realm.user(userId).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    void aBareEnabledFalseRecordsTheSavedReason() {
        String userId = realm.createUser("bea", PASSWORD, Map.of());
        assertThat(stockPut(realm, userId, rep -> rep.singleAttribute(DisabledAttributes.REASON_TO_RECORD,
                "Fraud review")).status()).isEqualTo(204);
        // What kcadm -s enabled=false or a script sends: no attributes at all.
        Response disabled = client.put(usersPath(realm, userId), client.adminToken(), json(map("enabled", false)));
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(204);
        assertThat(realm.user(userId).toRepresentation().getAttributes())
                .containsEntry(DisabledAttributes.REASON, List.of("Fraud review"))
                .doesNotContainKey(DisabledAttributes.REASON_TO_RECORD);
    }

    @Test
    void aPartialImportOfDisabledOrMarkedUsersIsRefusedAndChangesNothing() {
        String bob = realm.createUser("pia", PASSWORD, Map.of("balance.USD", List.of("10.00")));
        UserSnapshot before = UserSnapshot.of(client, realm, bob);
        String path = "/admin/realms/" + realm.name() + "/partialImport";
        Response overwrite = client.post(path, client.adminToken(), json(map("ifResourceExists", "OVERWRITE",
                "users", List.of(map("username", "pia", "enabled", false)))));
        assertThat(overwrite.status()).as(overwrite.toString()).isEqualTo(400);
        assertThat(overwrite.json().get("errorMessage").asText()).contains("partial import");
        Response forged = client.post(path, client.adminToken(), json(map("ifResourceExists", "SKIP",
                "users", List.of(map("username", "newcomer", "enabled", true,
                        "attributes", map(DisabledAttributes.DISABLED, List.of("true")))))));
        assertThat(forged.status()).as(forged.toString()).isEqualTo(400);
        assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(before);
        assertThat(realm.resource().users().searchByUsername("newcomer", true)).isEmpty();
        Response plain = client.post(path, client.adminToken(), json(map("ifResourceExists", "SKIP",
                "users", List.of(map("username", "newcomer", "enabled", true)))));
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        // A new user imported disabled is no disable of anyone: Keycloak's own import (the reconciler records it).
        Response newDisabled = client.post(path, client.adminToken(), json(map("ifResourceExists", "OVERWRITE",
                "users", List.of(map("username", "dormant", "enabled", false)))));
        assertThat(newDisabled.status()).as(newDisabled.toString()).isEqualTo(200);
        assertThat(realm.resource().users().searchByUsername("dormant", true).get(0).isEnabled()).isFalse();
    }

    @Test
    void everyDoorThatTurnsThePackOnListsTheEventListener() {
        String name = "listener-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setEventsListeners(List.of("jboss-logging"));
        client.admin().realms().create(rep);
        try {
            assertThat(client.admin().realm(name).toRepresentation().getEventsListeners())
                    .doesNotContain(AccountDisablingEventListenerFactory.ID);
            assertThat(client.put("/admin/realms/" + name + "/account-disabling/config", client.adminToken(),
                    json(map("enabled", true))).status()).isEqualTo(204);
            assertThat(client.admin().realm(name).toRepresentation().getEventsListeners())
                    .contains("jboss-logging", AccountDisablingEventListenerFactory.ID);

            // A realm update that drops it (kcadm, the realm settings page) while the pack is on gets it back.
            RealmRepresentation update = client.admin().realm(name).toRepresentation();
            update.setEventsListeners(List.of("jboss-logging"));
            client.admin().realm(name).update(update);
            assertThat(client.admin().realm(name).toRepresentation().getEventsListeners())
                    .contains("jboss-logging", AccountDisablingEventListenerFactory.ID);

            // Turning the pack off leaves it.
            assertThat(client.put("/admin/realms/" + name + "/account-disabling/config", client.adminToken(),
                    json(map("enabled", false))).status()).isEqualTo(204);
            assertThat(client.admin().realm(name).toRepresentation().getEventsListeners())
                    .contains(AccountDisablingEventListenerFactory.ID);
        } finally {
            client.admin().realm(name).remove();
        }

        String imported = "imported-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation importedRep = new RealmRepresentation();
        importedRep.setRealm(imported);
        importedRep.setEnabled(true);
        importedRep.setEventsListeners(List.of("jboss-logging"));
        importedRep.setAttributes(new HashMap<>(Map.of("accountDisabling.enabled", "true")));
        client.admin().realms().create(importedRep);
        try {
            assertThat(client.admin().realm(imported).toRepresentation().getEventsListeners())
                    .contains("jboss-logging", AccountDisablingEventListenerFactory.ID);
        } finally {
            client.admin().realm(imported).remove();
        }
    }
}
