package io.github.accountdisabling.stock;

import io.github.accountdisabling.support.AdminTokens;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The caller of a request that Keycloak's own door (its admin API, its SCIM endpoint) has authenticated already: the
 * door put the verified token into the session's context; the caller behind it is resolved by Keycloak's own
 * authenticator, the one the door used.
 */
final class StockCallers {

    private StockCallers() {
    }

    /** The caller as Keycloak's admin API sees it, or {@code null} when the request carries no token Keycloak accepts. */
    static AdminAuth adminAuth(KeycloakSession session) {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (!(session.getContext().getBearerToken() instanceof AccessToken token) || token.getIssuer() == null
                || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        RealmModel tokenRealm = AdminTokens.issuingRealm(session, token.getIssuer());
        return tokenRealm == null ? null : AdminTokens.verify(session, tokenRealm, header.substring(7).trim());
    }
}
