package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.browser.UsernameForm;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.WebAuthnConstants;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Identity-first, step one: Keycloak's username form (a final class, hence wrapped). Keycloak answers an unknown,
 * disabled or locked account right after the user name; those are held back here instead: the name is remembered
 * and the flow goes on to {@link GatedPasswordForm}, which answers only after the password. Every other submission
 * (an active account, a blank name, cancel, passkeys) is Keycloak's own.
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
        boolean stockAnswers = context.getUser() != null || form.containsKey("cancel")
                || form.containsKey(WebAuthnConstants.AUTHENTICATOR_DATA) || form.containsKey(WebAuthnConstants.ERROR)
                || username == null || username.isBlank();
        if (stockAnswers || !heldBack(context, username.trim())) {
            stock.action(context);
            return;
        }
        String trimmed = username.trim();
        context.getEvent().detail(Details.USERNAME, trimmed);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, trimmed);
        AuthenticatorUtils.processRememberMe(context, form);
        context.success();
    }

    /** Whether Keycloak's form would answer this name before the password: unknown, disabled or locked. */
    private static boolean heldBack(AuthenticationFlowContext context, String username) {
        UserModel user;
        try {
            user = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
        } catch (ModelDuplicateException e) {
            return false;
        }
        return user == null || !user.isEnabled()
                || AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null;
    }

    /** The account named at step one, or {@code null} when there is none. */
    static UserModel attemptedUser(AuthenticationFlowContext context) {
        String username = context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        if (username == null) {
            return null;
        }
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
        } catch (ModelDuplicateException e) {
            return null;
        }
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
