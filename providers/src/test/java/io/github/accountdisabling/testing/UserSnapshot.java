package io.github.accountdisabling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

/** What a refused call must leave untouched: the flag, every attribute, the history and the sessions. */
public record UserSnapshot(boolean enabled, Map<String, List<String>> attributes, int historyRows, int sessions) {

    public static UserSnapshot of(TestClient client, TestRealm realm, String userId) {
        return of(client, realm, userId, client.adminToken());
    }

    /** The same, reading the history with {@code adminToken}. */
    public static UserSnapshot of(TestClient client, TestRealm realm, String userId, String adminToken) {
        UserRepresentation user = realm.user(userId).toRepresentation();
        JsonNode history = client.get(realm.api("/users/" + userId + "/history"), adminToken).json();
        return new UserSnapshot(user.isEnabled(), user.getAttributes() == null ? Map.of() : user.getAttributes(),
                history.size(), realm.user(userId).getUserSessions().size());
    }
}
