package io.github.accountdisabling.listener;

import io.github.accountdisabling.account.Actor;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak calls admin-event listeners inside the request's transaction, after the change was applied, so the
 * service sees the new {@code enabled} flag and its work commits or rolls back with the admin's change.
 */
final class AccountDisablingEventListener implements EventListenerProvider {

    static final Actor LOCKOUT_ACTOR = Actor.named("brute-force-protector");

    private final KeycloakSession session;

    AccountDisablingEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT || event.getUserId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user != null) {
            session.getProvider(DeactivationService.class)
                    .recordOutsideChange(realm, user, LOCKOUT_ACTOR, Caller.SOURCE_LOCKOUT);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (session.getAttribute(DeactivationService.IN_SERVICE_ATTRIBUTE) != null
                || event.getResourceType() != ResourceType.USER
                || event.getOperationType() != OperationType.UPDATE
                || event.getError() != null) {
            return;
        }
        UserChange change = userChangeOf(event.getResourcePath());
        RealmModel realm = change == null ? null : session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, change.userId());
        if (user != null) {
            session.getProvider(DeactivationService.class)
                    .recordOutsideChange(realm, user, actorOf(event.getAuthDetails()), change.source());
        }
    }

    record UserChange(String userId, String source) {
    }

    /**
     * {@code users/{id}} (admin console, stock admin API) or {@code …scim…/Users/{id}} (Keycloak's own SCIM),
     * exactly: sub-resources (credentials, groups, …) don't change the state.
     */
    static UserChange userChangeOf(String resourcePath) {
        if (resourcePath == null) {
            return null;
        }
        String[] parts = resourcePath.split("/");
        if (parts.length == 2 && "users".equals(parts[0]) && !parts[1].isBlank()) {
            return new UserChange(parts[1], Caller.SOURCE_CONSOLE);
        }
        int n = parts.length;
        if (n >= 3 && "Users".equals(parts[n - 2]) && !parts[n - 1].isBlank()
                && resourcePath.toLowerCase(java.util.Locale.ROOT).contains("scim")) {
            return new UserChange(parts[n - 1], Caller.SOURCE_SCIM);
        }
        return null;
    }

    /** The admin by user id and username, or by client id when a service account made the change. */
    private Actor actorOf(AuthDetails auth) {
        if (auth == null || auth.getUserId() == null) {
            return Actor.NOBODY;
        }
        RealmModel authRealm = session.realms().getRealm(auth.getRealmId());
        UserModel admin = authRealm == null ? null : session.users().getUserById(authRealm, auth.getUserId());
        if (admin == null) {
            return new Actor(auth.getUserId(), null);
        }
        if (admin.getServiceAccountClientLink() != null) {
            ClientModel client = authRealm.getClientById(admin.getServiceAccountClientLink());
            if (client != null) {
                return Actor.named(client.getClientId());
            }
        }
        return new Actor(admin.getId(), admin.getUsername());
    }

    @Override
    public void close() {
    }
}
