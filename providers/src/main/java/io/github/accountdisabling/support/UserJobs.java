package io.github.accountdisabling.support;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** Work on one user outside the request that asked for it: a session and transaction of its own, bound to the realm. */
public final class UserJobs {

    /** What to do with the user, if realm and user still exist. */
    public interface UserJob {
        void run(KeycloakSession session, RealmModel realm, UserModel user);
    }

    private UserJobs() {
    }

    public static void inOwnTransaction(KeycloakSessionFactory factory, String realmId, String userId, UserJob job) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            session.getContext().setRealm(realm);
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                job.run(session, realm, user);
            }
        });
    }
}
