package io.github.accountdisabling.scim;

import io.github.accountdisabling.support.AdminTokens;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * Authenticates a SCIM call the way Keycloak's admin API does: a bearer token of this realm or of master, verified
 * by Keycloak, then the caller's admin permissions on this realm (fine-grained permissions included).
 */
final class ScimAuth {

    record Authenticated(AdminAuth adminAuth, AdminPermissionEvaluator permissions) {
    }

    private ScimAuth() {
    }

    static Authenticated authenticate(KeycloakSession session, RealmModel realm) {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("A bearer token is required.");
        }
        String tokenString = header.substring(7).trim();
        AccessToken unverified;
        try {
            unverified = new JWSInput(tokenString).readJsonContent(AccessToken.class);
        } catch (JWSInputException e) {
            throw unauthorized("The bearer token is malformed.");
        }
        RealmModel tokenRealm = AdminTokens.issuingRealm(session, unverified.getIssuer());
        if (tokenRealm == null || !(tokenRealm.getId().equals(realm.getId())
                || tokenRealm.getName().equals(org.keycloak.Config.getAdminRealm()))) {
            throw unauthorized("The bearer token is not from this realm or the master realm.");
        }
        AdminAuth adminAuth = AdminTokens.verify(session, tokenRealm, tokenString);
        if (adminAuth == null) {
            throw unauthorized("The bearer token is not valid.");
        }
        return new Authenticated(adminAuth, AdminPermissions.evaluator(session, realm, adminAuth));
    }

    private static ScimException unauthorized(String detail) {
        return new ScimException(401, null, detail);
    }
}
