package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Direct grant: user name and password from the token request, checked together; bad credentials answer exactly as
 * Keycloak does (401 invalid_grant "Invalid user credentials"), a disabled account only after its right password.
 */
final class GatedDirectGrantCredentials implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        CredentialCheck.Result result = CredentialCheck.check(context, form.getFirst("username"), form.getFirst("password"));
        switch (result.outcome()) {
            case VALID -> {
                context.setUser(result.user());
                context.success();
            }
            case VALID_BUT_DISABLED -> context.success();
            case INVALID -> context.failure(AuthenticationFlowError.INVALID_USER, GenericErrors.directGrantInvalidCredentials());
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
