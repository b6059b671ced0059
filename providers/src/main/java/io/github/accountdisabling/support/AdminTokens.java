package io.github.accountdisabling.support;

import org.keycloak.common.util.Encode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * A bearer token verified by Keycloak's own authenticator, as Keycloak's admin API verifies it: signature, expiry,
 * the user session or service account, and the user behind it (also for tokens that carry no {@code sub}).
 */
public final class AdminTokens {

    private AdminTokens() {
    }

    /**
     * The realm that issued a token, from the issuer's last path segment, decoded as Keycloak's admin API decodes it;
     * {@code null} when there is no such realm.
     */
    public static RealmModel issuingRealm(KeycloakSession session, String issuer) {
        return issuer == null ? null
                : session.realms().getRealmByName(Encode.decodePath(issuer.substring(issuer.lastIndexOf('/') + 1)));
    }

    /** The caller, or {@code null} when Keycloak doesn't accept the token for {@code tokenRealm}. */
    public static AdminAuth verify(KeycloakSession session, RealmModel tokenRealm, String tokenString) {
        RealmModel previous = session.getContext().getRealm();
        AuthenticationManager.AuthResult result;
        session.getContext().setRealm(tokenRealm);
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session)
                    .setRealm(tokenRealm)
                    .setConnection(session.getContext().getConnection())
                    .setHeaders(session.getContext().getRequestHeaders())
                    .setTokenString(tokenString)
                    .authenticate();
        } finally {
            session.getContext().setRealm(previous);
        }
        if (result == null) {
            return null;
        }
        return new AdminAuth(tokenRealm, result.getToken(), result.getUser(),
                tokenRealm.getClientByClientId(result.getToken().getIssuedFor()));
    }
}
