package io.github.accountdisabling.rest;

import io.github.accountdisabling.config.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.config.AccountDisablingTabFactory;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.ComponentTypeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.services.ui.extend.UiTabProvider;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@KeycloakIntegrationTest
class RealmToggleIT {

    private static final String TAB_TYPE = UiTabProvider.class.getName();

    private static TestClient client;
    private static String realmName;

    @BeforeAll
    static void createRealmWithoutTheAttribute(TestClient testClient) {
        client = testClient;
        realmName = "toggle-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(realmName);
        realm.setEnabled(true);
        realm.setAdminEventsEnabled(true);
        realm.setAdminEventsDetailsEnabled(true);
        client.admin().realms().create(realm);
    }

    @AfterAll
    static void removeRealm() {
        client.admin().realm(realmName).remove();
    }

    private static String configPath(String realm) {
        return "/admin/realms/" + realm + "/account-disabling/config";
    }

    private JsonNode readConfig(String realm) {
        Response response = client.get(configPath(realm), client.adminToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void importedDemoRealmHasTheToggleOn() {
        assertThat(readConfig(TestClient.DEMO_REALM).get("enabled").asBoolean()).isTrue();
        assertThat(client.admin().realm(TestClient.DEMO_REALM).toRepresentation().getAttributes())
                .containsEntry(Setting.ENABLED.attribute(), "true");
    }

    @Test
    void importedDemoRealmShowsTheToggleOnInItsConsoleTab() {
        assertThat(tabConfig(TestClient.DEMO_REALM)).containsEntry("enabled", List.of("true"));
    }

    @Test
    void realmWithoutTheAttributeReadsDisabledWithDefaults() {
        String fresh = "bare-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(fresh);
        realm.setEnabled(true);
        client.admin().realms().create(realm);
        try {
            JsonNode config = readConfig(fresh);
            assertThat(config.get("enabled").isBoolean()).isTrue();
            assertThat(config.get("enabled").asBoolean()).isFalse();
            assertThat(config.get("rateLimitPerMinute").asInt()).isEqualTo(600);
            assertThat(config.toString()).isEqualTo("{\"enabled\":false,\"rateLimitPerMinute\":600,"
                    + "\"balanceSource\":\"attributes\",\"ledgerUrl\":\"\",\"ledgerTimeoutMillis\":2000,"
                    + "\"notifyUsers\":false,\"notifyShowReason\":false,\"supportContact\":\"\","
                    + "\"scimDelete\":\"deactivate\"}");
        } finally {
            client.admin().realm(fresh).remove();
        }
    }

    @Test
    void configRoundTripsAndIsAudited() {
        Response put = client.put(configPath(realmName), client.adminToken(),
                json(map("enabled", true, "rateLimitPerMinute", 42)));
        assertThat(put.status()).as(put.toString()).isEqualTo(204);

        JsonNode config = readConfig(realmName);
        assertThat(config.get("enabled").asBoolean()).isTrue();
        assertThat(config.get("rateLimitPerMinute").asInt()).isEqualTo(42);
        assertThat(client.admin().realm(realmName).toRepresentation().getAttributes())
                .containsEntry(Setting.ENABLED.attribute(), "true")
                .containsEntry(Setting.RATE_LIMIT_PER_MINUTE.attribute(), "42");
        assertThat(tabConfig(realmName))
                .containsEntry("enabled", List.of("true"))
                .containsEntry("rateLimitPerMinute", List.of("42"));
        List<AdminEventRepresentation> events = client.admin().realm(realmName).getAdminEvents();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.getOperationType()).isEqualTo("UPDATE");
            assertThat(event.getResourcePath()).endsWith("account-disabling/config");
            assertThat(event.getRepresentation()).contains("\"enabled\":true").contains("\"rateLimitPerMinute\":42");
        });

        Response off = client.put(configPath(realmName), client.adminToken(), json(map("enabled", false)));
        assertThat(off.status()).isEqualTo(204);
        JsonNode after = readConfig(realmName);
        assertThat(after.get("enabled").asBoolean()).isFalse();
        assertThat(after.get("rateLimitPerMinute").asInt()).as("omitted field keeps its value").isEqualTo(42);
    }

    @Test
    void noTokenIsUnauthorizedAndChangesNothing() {
        String before = readConfig(realmName).toString();
        assertThat(client.get(configPath(realmName), null).status()).isEqualTo(401);
        assertThat(client.put(configPath(realmName), null, json(map("enabled", true))).status()).isEqualTo(401);
        assertThat(client.put(configPath(realmName), "not-a-token", json(map("enabled", true))).status())
                .isEqualTo(401);
        assertThat(readConfig(realmName).toString()).isEqualTo(before);
    }

    @Test
    void tokenWithoutManageRealmIsForbiddenAndChangesNothing() {
        String before = readConfig(TestClient.DEMO_REALM).toString();
        // The API client's service account may manage users, not the realm.
        Response put = client.put(configPath(TestClient.DEMO_REALM), client.apiClientToken(),
                json(map("enabled", false)));
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(put.json().get("error").asText()).contains("manage-realm");
        assertThat(readConfig(TestClient.DEMO_REALM).toString()).isEqualTo(before);
    }

    @Test
    void apiClientWithViewUsersMayReadTheConfig() {
        Response get = client.get(configPath(TestClient.DEMO_REALM), client.apiClientToken());
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void userWithoutAdminRolesCannotReadTheConfig() {
        String aliceToken = client.userToken(TestClient.DEMO_REALM, TestClient.DEMO_APP_CLIENT_ID, "alice",
                "alice-password");
        Response get = client.get(configPath(TestClient.DEMO_REALM), aliceToken);
        assertThat(get.status()).isEqualTo(403);
        assertThat(get.json().get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void everySettingIsInTheConfigAndTheTabAndAPartialPutKeepsTheRest() {
        JsonNode before = readConfig(realmName);
        Response put = client.put(configPath(realmName), client.adminToken(), json(map("notifyUsers", true,
                "notifyShowReason", true, "supportContact", "help@example.org", "scimDelete", "delete")));
        assertThat(put.status()).as(put.toString()).isEqualTo(204);

        JsonNode config = readConfig(realmName);
        assertThat(config.get("enabled")).as("not sent, kept").isEqualTo(before.get("enabled"));
        assertThat(config.get("rateLimitPerMinute")).as("not sent, kept").isEqualTo(before.get("rateLimitPerMinute"));
        assertThat(config.get("notifyUsers").asBoolean()).isTrue();
        assertThat(config.get("notifyShowReason").asBoolean()).isTrue();
        assertThat(config.get("supportContact").asText()).isEqualTo("help@example.org");
        assertThat(config.get("scimDelete").asText()).isEqualTo("delete");
        assertThat(client.admin().realm(realmName).toRepresentation().getAttributes())
                .containsEntry(Setting.NOTIFY_USERS.attribute(), "true")
                .containsEntry(Setting.SCIM_DELETE.attribute(), "delete");
        assertThat(tabConfig(realmName))
                .containsEntry("notifyUsers", List.of("true"))
                .containsEntry("supportContact", List.of("help@example.org"))
                .containsEntry("scimDelete", List.of("delete"));

        // Written around the pack (a realm PUT, as kcadm does): …/config and the tab follow.
        RealmRepresentation rep = client.admin().realm(realmName).toRepresentation();
        rep.getAttributes().put(Setting.SCIM_DELETE.attribute(), "deactivate");
        rep.getAttributes().put(Setting.SUPPORT_CONTACT.attribute(), "desk@example.org");
        client.admin().realm(realmName).update(rep);
        assertThat(readConfig(realmName).get("scimDelete").asText()).isEqualTo("deactivate");
        assertThat(tabConfig(realmName))
                .containsEntry("scimDelete", List.of("deactivate"))
                .containsEntry("supportContact", List.of("desk@example.org"));

        JsonNode beforeEmptyPut = readConfig(realmName);
        assertThat(client.put(configPath(realmName), client.adminToken(), "{}").status()).isEqualTo(204);
        assertThat(readConfig(realmName)).as("an empty object changes nothing").isEqualTo(beforeEmptyPut);
        assertThat(readConfig(realmName).get("supportContact").asText()).isEqualTo("desk@example.org");

        client.put(configPath(realmName), client.adminToken(), json(map("notifyUsers", false,
                "notifyShowReason", false, "supportContact", "", "scimDelete", "deactivate")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"enabled\": tru                         | invalid_json",
            "[{\"enabled\": true}]                     | invalid_json",
            "{\"enabled\": null}                     | invalid_field",
            "{\"notifyUsers\": \"true\"}             | invalid_field",
            "{\"supportContact\": 7}                 | invalid_field",
            "{\"scimDelete\": \"erase\"}             | invalid_field",
            "{\"enabled\": \"yes\"}                    | invalid_field",
            "{\"enabled\": 1}                          | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": -1}   | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": \"5\"} | invalid_field",
            "{\"enabled\": true, \"rateLimit\": 5}     | unknown_field",
    })
    void badBodiesAreRefusedWith400AndChangeNothing(String body, String code) {
        String before = readConfig(realmName).toString();
        String tabBefore = tabConfig(realmName).toString();

        Response put = client.put(configPath(realmName), client.adminToken(), body);

        assertThat(put.status()).as(put.toString()).isEqualTo(400);
        assertThat(put.json().get("code").asText()).isEqualTo(code);
        assertThat(put.json().get("error").asText()).isNotBlank();
        assertThat(readConfig(realmName).toString()).isEqualTo(before);
        assertThat(tabConfig(realmName).toString()).isEqualTo(tabBefore);
    }

    @Test
    void emptyBodyIsRefusedWith400() {
        String before = readConfig(realmName).toString();
        Response put = client.send("PUT", configPath(realmName), client.adminToken(), "application/json", null);
        assertThat(put.status()).isEqualTo(400);
        assertThat(put.json().get("code").asText()).isEqualTo("invalid_json");
        assertThat(readConfig(realmName).toString()).isEqualTo(before);
    }

    @Test
    void consoleTabProviderIsRegisteredWithItsRoute() {
        Map<String, List<ComponentTypeRepresentation>> types =
                client.admin().serverInfo().getInfo().getComponentTypes();
        assertThat(types).containsKey(TAB_TYPE);
        ComponentTypeRepresentation tab = types.get(TAB_TYPE).stream()
                .filter(t -> AccountDisablingTabFactory.ID.equals(t.getId()))
                .findFirst().orElseThrow(() -> new AssertionError("tab not registered: " + types.get(TAB_TYPE)));
        assertThat(tab.getMetadata()).containsEntry("path", "/:realm/realm-settings/:tab?");
        assertThat(tab.getMetadata().get("params")).isEqualTo(Map.of("tab", AccountDisablingTabFactory.ROUTE_TAB));
        assertThat(tab.getProperties()).extracting(p -> p.getName()).contains("enabled", "rateLimitPerMinute");
    }

    @Test
    void savingTheConsoleTabFlipsTheRealmToggle() {
        RealmResource realm = client.admin().realm(realmName);
        client.put(configPath(realmName), client.adminToken(), json(map("enabled", false)));
        ComponentRepresentation tab = tabComponent(realmName);

        // What the console's form does on Save: the component with the new values and its route params.
        tab.getConfig().putSingle("enabled", "true");
        tab.getConfig().putSingle("tab", AccountDisablingTabFactory.ROUTE_TAB);
        realm.components().component(tab.getId()).update(tab);

        assertThat(readConfig(realmName).get("enabled").asBoolean()).isTrue();
        assertThat(realm.toRepresentation().getAttributes())
                .containsEntry(Setting.ENABLED.attribute(), "true");
    }

    @Test
    void consoleTabRefusesAnInvalidValueAndChangesNothing() {
        RealmResource realm = client.admin().realm(realmName);
        String before = readConfig(realmName).toString();
        ComponentRepresentation tab = tabComponent(realmName);
        tab.getConfig().putSingle("enabled", "maybe");

        assertThatThrownBy(() -> realm.components().component(tab.getId()).update(tab))
                .isInstanceOf(BadRequestException.class);
        assertThat(readConfig(realmName).toString()).isEqualTo(before);
    }

    @Test
    void consoleTabCannotBeCreatedTwice() {
        ComponentRepresentation second = new ComponentRepresentation();
        second.setName(AccountDisablingTabFactory.ID);
        second.setProviderId(AccountDisablingTabFactory.ID);
        second.setProviderType(TAB_TYPE);
        second.setParentId(client.admin().realm(realmName).toRepresentation().getId());
        second.setConfig(new org.keycloak.common.util.MultivaluedHashMap<>());
        second.getConfig().putSingle("enabled", "true");

        try (jakarta.ws.rs.core.Response response = client.admin().realm(realmName).components().add(second)) {
            assertThat(response.getStatus()).isEqualTo(400);
        }
        assertThat(client.admin().realm(realmName).components().query(null, TAB_TYPE)).hasSize(1);
    }

    private ComponentRepresentation tabComponent(String realm) {
        List<ComponentRepresentation> tabs = client.admin().realm(realm).components().query(null, TAB_TYPE);
        assertThat(tabs).hasSize(1);
        return tabs.get(0);
    }

    private Map<String, List<String>> tabConfig(String realm) {
        return tabComponent(realm).getConfig();
    }
}
