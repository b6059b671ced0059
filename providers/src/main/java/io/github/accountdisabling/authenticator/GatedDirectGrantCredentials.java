package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;

/**
 * Direct grant: user name and password from the token request, checked together; bad credentials answer exactly as
 * Keycloak does (401 invalid_grant "Invalid user credentials"), a disabled account only after its right password.
 */
final class GatedDirectGrantCredentials extends GatedAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        CredentialCheck.Result result = CredentialCheck.check(context, form.getFirst("username"), form.getFirst("password"));
        if (!proceed(context, result)) {
            context.failure(AuthenticationFlowError.INVALID_USER, GenericErrors.directGrantInvalidCredentials());
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }
}
