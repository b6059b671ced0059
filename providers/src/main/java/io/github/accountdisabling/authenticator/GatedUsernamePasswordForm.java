package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;

/** Classic one-page login: user name and password together; see {@link CredentialCheck}. */
final class GatedUsernamePasswordForm extends GatedAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        prefillLoginHint(context);
        context.challenge(context.form().createLoginUsernamePassword());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            context.cancelLogin();
            return;
        }
        String username = form.getFirst("username");
        CredentialCheck.Result result = CredentialCheck.check(context, username, form.getFirst("password"));
        if (!proceed(context, result)) {
            MultivaluedMap<String, String> kept = new MultivaluedHashMap<>();
            kept.putSingle("username", username == null ? "" : username);
            Response page = context.form().setFormData(kept)
                    .setError(GenericErrors.INVALID_CREDENTIALS_MESSAGE)
                    .createLoginUsernamePassword();
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
        }
    }
}
