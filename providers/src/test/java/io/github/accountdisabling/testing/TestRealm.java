package io.github.accountdisabling.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A fresh realm made from {@code realm-config/demo-realm.json} under a new name, so each test class works on its
 * own copy of exactly what operators get, and no test sees another's users.
 */
public final class TestRealm implements AutoCloseable {

    public static final String APP_CLIENT_ID = TestClient.DEMO_APP_CLIENT_ID;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final TestClient client;
    private final String name;

    private TestRealm(TestClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public static TestRealm create(TestClient client, String prefix) {
        return create(client, prefix, realm -> { });
    }

    public static TestRealm create(TestClient client, String prefix, Consumer<RealmRepresentation> customize) {
        RealmRepresentation realm = demoRealm();
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        realm.setRealm(name);
        realm.setId(null);
        // Keycloak names a realm's default role after the realm
        realm.getUsers().stream().filter(user -> user.getRealmRoles() != null).forEach(user -> user.setRealmRoles(
                user.getRealmRoles().stream().map(role -> role.equals("default-roles-demo") ? "default-roles-" + name : role)
                        .toList()));
        customize.accept(realm);
        client.admin().realms().create(realm);
        return new TestRealm(client, name);
    }

    public static RealmRepresentation demoRealm() {
        Path file = Path.of(System.getProperty("kc.realm.config.dir", "../realm-config"), "demo-realm.json");
        try {
            return JSON.readValue(file.toFile(), RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public RealmResource resource() {
        return client.admin().realm(name);
    }

    public String id() {
        return resource().toRepresentation().getId();
    }

    public String apiToken() {
        return client.clientToken(name, TestClient.API_CLIENT_ID, TestClient.API_CLIENT_SECRET);
    }

    public String api(String path) {
        return "/admin/realms/" + name + "/account-disabling" + path;
    }

    public String userId(String username) {
        return resource().users().searchByUsername(username, true).get(0).getId();
    }

    public UserResource user(String id) {
        return resource().users().get(id);
    }

    /** Creates an enabled user with a password and optional attributes; returns its id. */
    public String createUser(String username, String password, Map<String, List<String>> attributes) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.org");
        user.setEmailVerified(true);
        user.setFirstName(Character.toUpperCase(username.charAt(0)) + username.substring(1));
        user.setLastName("Tester");
        user.setEnabled(true);
        user.setAttributes(attributes);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        try (var response = resource().users().create(user)) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    /** Creates an enabled user with a password and a TOTP credential holding {@code otpSecret}; returns its id. */
    public String createUserWithOtp(String username, String password, String otpSecret) {
        String id = createUser(username, password, Map.of());
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("test device");
        otp.setSecretData("{\"value\":\"" + otpSecret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        UserRepresentation update = user(id).toRepresentation();
        update.setCredentials(List.of(otp));
        user(id).update(update);
        return id;
    }

    /** Grants {@code realm-management} client roles, e.g. {@code realm-admin}. */
    public void grantManagementRoles(String userId, String... roles) {
        ClientRepresentation management = resource().clients().findByClientId("realm-management").get(0);
        List<RoleRepresentation> wanted = java.util.Arrays.stream(roles)
                .map(role -> resource().clients().get(management.getId()).roles().get(role).toRepresentation())
                .toList();
        user(userId).roles().clientLevel(management.getId()).add(wanted);
    }

    public void putConfig(Map<String, Object> config) {
        TestClient.Response response = client.put(api("/config"), client.adminToken(), TestClient.json(config));
        if (response.status() != 204) {
            throw new IllegalStateException("PUT config failed: " + response);
        }
    }

    public String password(String username, String password) {
        return client.userToken(name, APP_CLIENT_ID, username, password);
    }

    @Override
    public void close() {
        try {
            resource().remove();
        } catch (RuntimeException ignored) {
            // the server may be gone already at the end of the run
        }
    }
}
