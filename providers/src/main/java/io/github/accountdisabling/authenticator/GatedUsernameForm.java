package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;

/**
 * Identity-first, step one: asks for the user name and only remembers it. It looks nothing up, so unknown,
 * existing and disabled accounts all go on to the password page alike (Keycloak's own username form says
 * "account is disabled" right here).
 */
final class GatedUsernameForm extends GatedAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        prefillLoginHint(context);
        context.challenge(context.form().createLoginUsername());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            context.cancelLogin();
            return;
        }
        String username = form.getFirst("username");
        if (username == null || username.isBlank()) {
            context.failureChallenge(AuthenticationFlowError.INVALID_USER, context.form()
                    .setError(GenericErrors.INVALID_CREDENTIALS_MESSAGE).createLoginUsername());
            return;
        }
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username.trim());
        context.success();
    }
}
