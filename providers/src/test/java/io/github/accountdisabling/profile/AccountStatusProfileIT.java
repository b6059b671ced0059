package io.github.accountdisabling.profile;

import io.github.accountdisabling.config.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.config.AccountDisablingTabFactory;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.ui.extend.UiTabProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The "Account status" declaration in realms with Keycloak's default user profile (unmanaged attributes off), as
 * every door that turns the pack on leaves it, and what an admin can and cannot do with the attributes.
 */
@KeycloakIntegrationTest
class AccountStatusProfileIT {

    @Test
    void everyDoorThatTurnsThePackOnDeclaresTheAccountStatus(TestClient client) {
        // import: the realm JSON carries the attribute
        withFreshRealm(client, true, realm -> assertDeclared(client, realm));
        // kcadm / the realm settings page: a realm PUT
        withFreshRealm(client, false, realm -> {
            assertNotDeclared(client, realm);
            RealmRepresentation rep = client.admin().realm(realm).toRepresentation();
            rep.getAttributes().put(Setting.ENABLED.attribute(), "true");
            client.admin().realm(realm).update(rep);
            assertDeclared(client, realm);
        });
        // the pack's REST API
        withFreshRealm(client, false, realm -> {
            assertThat(client.put("/admin/realms/" + realm + "/account-disabling/config", client.adminToken(),
                    json(map("enabled", true))).status()).isEqualTo(204);
            assertDeclared(client, realm);
        });
        // the console tab
        withFreshRealm(client, false, realm -> {
            ComponentRepresentation tab = client.admin().realm(realm).components()
                    .query(null, UiTabProvider.class.getName()).get(0);
            tab.getConfig().putSingle("enabled", "true");
            tab.getConfig().putSingle("tab", AccountDisablingTabFactory.ROUTE_TAB);
            client.admin().realm(realm).components().component(tab.getId()).update(tab);
            assertDeclared(client, realm);
        });
    }

    @Test
    void adminsReadTheRecordButCannotRewriteIt(TestClient client) {
        withFreshRealm(client, true, realmName -> {
            RealmResource realm = client.admin().realm(realmName);
            String carolId = createUser(realm, "carol");
            String daveId = createUser(realm, "dave");
            Response deactivated = client.post("/admin/realms/" + realmName + "/account-disabling/users/" + carolId
                    + "/deactivate", client.adminToken(), json(map("reason", "Closed at her request")));
            assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
            String adminId = client.admin().realm("master").users().search("admin", true).get(0).getId();

            // The admin API's user representation carries the record, with the actor's name beside the id.
            Map<String, List<String>> record = realm.users().get(carolId).toRepresentation().getAttributes();
            assertThat(record)
                    .containsEntry(DisabledAttributes.DISABLED, List.of("true"))
                    .containsEntry(DisabledAttributes.BY, List.of(adminId))
                    .containsEntry(DisabledAttributes.BY_NAME, List.of("admin"))
                    .containsEntry(DisabledAttributes.REASON, List.of("Closed at her request"))
                    .containsEntry(DisabledAttributes.SOURCE, List.of("admin-api"))
                    .containsKey(DisabledAttributes.AT);
            // ... and the metadata the Details page renders: a read-only "Account status" group.
            JsonNode withMetadata = client.get("/admin/realms/" + realmName + "/users/" + carolId
                    + "?userProfileMetadata=true", client.adminToken()).json();
            JsonNode metadata = withMetadata.get("userProfileMetadata");
            assertThat(metadata.get("groups").findValuesAsText("displayHeader")).contains("Account status");
            for (String name : DisabledAttributes.NAMES) {
                JsonNode attribute = attributeMetadata(metadata, name);
                assertThat(attribute.get("group").asText()).isEqualTo(AccountStatusProfile.GROUP);
                assertThat(attribute.get("readOnly").asBoolean()).as(name + " is read-only").isTrue();
            }

            // Rewriting the reason: refused, nothing changed.
            UserRepresentation edited = realm.users().get(carolId).toRepresentation();
            edited.getAttributes().put(DisabledAttributes.REASON, List.of("Rewritten"));
            assertThatThrownBy(() -> realm.users().get(carolId).update(edited)).isInstanceOf(BadRequestException.class);
            assertThat(realm.users().get(carolId).toRepresentation().getAttributes()).isEqualTo(record);

            // Marking an active user as deactivated: refused, nothing changed.
            UserRepresentation forged = realm.users().get(daveId).toRepresentation();
            Map<String, List<String>> forgedAttributes = new HashMap<>(
                    forged.getAttributes() == null ? Map.of() : forged.getAttributes());
            forgedAttributes.put(DisabledAttributes.DISABLED, List.of("true"));
            forged.setAttributes(forgedAttributes);
            assertThatThrownBy(() -> realm.users().get(daveId).update(forged)).isInstanceOf(BadRequestException.class);
            UserRepresentation dave = realm.users().get(daveId).toRepresentation();
            assertThat(dave.isEnabled()).isTrue();
            assertThat(dave.getAttributes() == null ? Map.of() : dave.getAttributes())
                    .doesNotContainKey(DisabledAttributes.DISABLED);

            // What the console's Save sends (the whole user as read, one field changed) still works and keeps the record.
            UserRepresentation console = realm.users().get(carolId).toRepresentation();
            console.setFirstName("Caroline");
            realm.users().get(carolId).update(console);
            UserRepresentation saved = realm.users().get(carolId).toRepresentation();
            assertThat(saved.getFirstName()).isEqualTo("Caroline");
            assertThat(saved.getAttributes()).isEqualTo(record);

            // Turning the pack off leaves the declaration, so the record stays readable.
            assertThat(client.put("/admin/realms/" + realmName + "/account-disabling/config", client.adminToken(),
                    json(map("enabled", false))).status()).isEqualTo(204);
            assertDeclared(client, realmName);
            assertThat(realm.users().get(carolId).toRepresentation().getAttributes()).isEqualTo(record);
        });
    }

    @Test
    void operatorsOwnAttributesAndPolicyAreLeftAlone(TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "own-attributes")) {
            JsonNode profile = profile(client, realm.name());
            assertThat(profile.get("unmanagedAttributePolicy").asText()).isEqualTo("ADMIN_EDIT");
            assertThat(profile.get("attributes").findValuesAsText("name")).doesNotContain("balance.USD");
            String bobId = realm.userId("bob");
            UserRepresentation bob = realm.user(bobId).toRepresentation();
            assertThat(bob.getAttributes()).containsEntry("balance.USD", List.of("125.50"));
            bob.getAttributes().put("balance.USD", List.of("0.00"));
            realm.user(bobId).update(bob);
            assertThat(realm.user(bobId).toRepresentation().getAttributes()).containsEntry("balance.USD", List.of("0.00"));
            assertDeclared(client, realm.name());
        }
    }

    private static void withFreshRealm(TestClient client, boolean enabled, Consumer<String> test) {
        String name = "profile-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        realm.setAttributes(new HashMap<>(Map.of(Setting.ENABLED.attribute(), Boolean.toString(enabled))));
        client.admin().realms().create(realm);
        try {
            assertThat(profile(client, name).has("unmanagedAttributePolicy"))
                    .as("Keycloak's default user profile: unmanaged attributes off").isFalse();
            test.accept(name);
        } finally {
            client.admin().realm(name).remove();
        }
    }

    private static String createUser(RealmResource realm, String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.org");
        user.setFirstName(username);
        user.setLastName("Tester");
        user.setEnabled(true);
        try (var response = realm.users().create(user)) {
            assertThat(response.getStatus()).isEqualTo(201);
        }
        return realm.users().search(username, true).get(0).getId();
    }

    private static JsonNode profile(TestClient client, String realm) {
        Response response = client.get("/admin/realms/" + realm + "/users/profile", client.adminToken());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static void assertDeclared(TestClient client, String realm) {
        JsonNode profile = profile(client, realm);
        List<String> headers = profile.get("groups").findValuesAsText("displayHeader");
        assertThat(headers).contains(AccountStatusProfile.GROUP_HEADER);
        for (String name : DisabledAttributes.NAMES) {
            JsonNode attribute = declared(profile, name);
            assertThat(attribute).as(name + " is declared").isNotNull();
            assertThat(attribute.get("group").asText()).isEqualTo(AccountStatusProfile.GROUP);
            assertThat(attribute.at("/permissions/view").toString()).isEqualTo("[\"admin\"]");
            assertThat(attribute.at("/permissions/edit").size()).as(name + " is editable by nobody").isZero();
        }
    }

    private static void assertNotDeclared(TestClient client, String realm) {
        List<String> names = new ArrayList<>(profile(client, realm).get("attributes").findValuesAsText("name"));
        assertThat(names).doesNotContainAnyElementsOf(DisabledAttributes.NAMES);
    }

    private static JsonNode declared(JsonNode profile, String name) {
        for (JsonNode attribute : profile.get("attributes")) {
            if (name.equals(attribute.get("name").asText())) {
                return attribute;
            }
        }
        return null;
    }

    private static JsonNode attributeMetadata(JsonNode metadata, String name) {
        for (JsonNode attribute : metadata.get("attributes")) {
            if (name.equals(attribute.get("name").asText())) {
                return attribute;
            }
        }
        throw new AssertionError(name + " missing from " + metadata);
    }
}
