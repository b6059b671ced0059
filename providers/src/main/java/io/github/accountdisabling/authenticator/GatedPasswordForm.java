package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;

/** Identity-first, step two: the password for the remembered user name; see {@link CredentialCheck}. */
final class GatedPasswordForm extends GatedAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(context.form().createLoginPassword());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            context.cancelLogin();
            return;
        }
        String username = context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        CredentialCheck.Result result = CredentialCheck.check(context, username, form.getFirst("password"));
        if (!proceed(context, result)) {
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, context.form()
                    .setError(GenericErrors.INVALID_CREDENTIALS_MESSAGE).createLoginPassword());
        }
    }
}
