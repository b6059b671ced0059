package io.github.accountdisabling.revocation;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.List;

/**
 * Ends everything a user holds: the not-before moves to now (every token issued before is dead, even one whose
 * session is gone already), online sessions are logged out through Keycloak's back-channel logout (clients with
 * an OIDC back-channel logout URL receive a logout token), offline sessions are removed.
 */
public final class SessionRevoker {

    private static final Logger LOG = Logger.getLogger(SessionRevoker.class);

    private SessionRevoker() {
    }

    /** What was revoked, for the log line of the state change. */
    public record Revoked(int onlineSessions, int offlineSessions) {
    }

    public static Revoked revokeAll(KeycloakSession session, RealmModel realm, UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());

        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        for (UserSessionModel userSession : online) {
            try {
                AuthenticationManager.backchannelLogout(session, userSession, false);
            } catch (RuntimeException e) {
                // Outside an HTTP request (e.g. a lockout handled in the background) there is no URI to build
                // logout tokens with; the session must still go.
                LOG.debugf(e, "Back-channel logout of a session of user %s failed; removing the session", user.getId());
                session.sessions().removeUserSession(realm, userSession);
            }
        }
        List<UserSessionModel> offline = session.sessions().getOfflineUserSessionsStream(realm, user).toList();
        for (UserSessionModel offlineSession : offline) {
            session.sessions().removeOfflineUserSession(realm, offlineSession);
        }
        return new Revoked(online.size(), offline.size());
    }
}
