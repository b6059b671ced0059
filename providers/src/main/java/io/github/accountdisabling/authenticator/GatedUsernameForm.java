package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.browser.UsernameForm;
import org.keycloak.authentication.authenticators.browser.WebAuthnConditionalUIAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Identity-first, step one: Keycloak's username form (a final class, hence wrapped). Keycloak looks the name up here
 * and answers an unknown, disabled or locked account at once; and whatever it finds shows on the next page (the user
 * name with "restart login" only for an account it found). Here every name is only remembered, exactly as Keycloak
 * remembers the name of an account it found, and {@link GatedPasswordForm} answers after the password. Re-authentication
 * of a signed-in user, cancel, a blank name and passkey sign-in stay Keycloak's own.
 */
final class GatedUsernameForm implements Authenticator {

    private final UsernameForm stock;

    GatedUsernameForm(KeycloakSession session) {
        this.stock = new UsernameForm(session);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        stock.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String username = form.getFirst(AuthenticationManager.FORM_USERNAME);
        boolean passkeySignIn = WebAuthnConditionalUIAuthenticator.isPasskeysEnabled(context.getSession())
                && (form.containsKey(WebAuthnConstants.AUTHENTICATOR_DATA) || form.containsKey(WebAuthnConstants.ERROR));
        if (context.getUser() != null || form.containsKey("cancel") || passkeySignIn || username == null
                || username.isBlank()) {
            stock.action(context);
            return;
        }
        String trimmed = username.trim();
        context.getEvent().detail(Details.USERNAME, trimmed);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, trimmed);
        // shows the name with "restart login" on the password page, as Keycloak's page does for an account it found
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, "true");
        AuthenticatorUtils.processRememberMe(context, form);
        context.success();
    }

    /** The account named at step one, or {@code null} when there is none. */
    static UserModel attemptedUser(AuthenticationFlowContext context) {
        String username = context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        return username == null ? null : Accounts.named(context, username);
    }

    @Override
    public boolean requiresUser() {
        return stock.requiresUser();
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return stock.configuredFor(session, realm, user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        stock.setRequiredActions(session, realm, user);
    }

    @Override
    public void close() {
        stock.close();
    }
}
