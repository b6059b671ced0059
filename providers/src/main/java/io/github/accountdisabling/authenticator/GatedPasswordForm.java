package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Identity-first, step two: the password for the remembered user name; see {@link CredentialCheck}. */
final class GatedPasswordForm implements Authenticator {

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
        switch (result.outcome()) {
            case VALID -> {
                context.setUser(result.user());
                context.success();
            }
            case VALID_BUT_DISABLED -> context.success();
            case INVALID -> context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, context.form()
                    .setError(GenericErrors.INVALID_CREDENTIALS_MESSAGE).createLoginPassword());
        }
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
