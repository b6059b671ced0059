package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Checks a user name and password without saying anything about the account before the password is proven:
 * unknown user, wrong password and temporary lockout all come out as {@link Outcome#INVALID}. Only a right password
 * tells an enabled account ({@link Outcome#VALID}) from a disabled one ({@link Outcome#VALID_BUT_DISABLED}).
 *
 * <p>Keycloak refuses to make a disabled user the flow's user, so a disabled user proven by password is handed to
 * the {@code account-disabled-gate} in an authentication-session note instead.
 */
final class CredentialCheck {

    /** Auth-session note naming the disabled user whose password was proven; read by the gate. */
    static final String VERIFIED_DISABLED_USER_NOTE = "accountDisabling.verifiedDisabledUser";

    enum Outcome { VALID, VALID_BUT_DISABLED, INVALID }

    record Result(Outcome outcome, UserModel user) {
    }

    private CredentialCheck() {
    }

    static Result check(AuthenticationFlowContext context, String username, String password) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        String trimmed = username == null ? "" : username.trim();
        context.getEvent().detail(Details.USERNAME, trimmed);
        // Keycloak's brute-force protection counts failures against this note.
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, trimmed);
        UserModel user = trimmed.isEmpty() ? null : find(session, realm, trimmed);
        if (user == null) {
            // Spend the time a hash would take, so timing doesn't tell unknown users apart either.
            AuthenticatorUtils.dummyHash(context);
            context.getEvent().error(Errors.USER_NOT_FOUND);
            return new Result(Outcome.INVALID, null);
        }
        context.getEvent().user(user);
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        if (user.isEnabled() && realm.isBruteForceProtected() && protector != null
                && protector.isTemporarilyDisabled(session, realm, user)) {
            context.getEvent().error(Errors.USER_TEMPORARILY_DISABLED);
            return new Result(Outcome.INVALID, user);
        }
        boolean valid = password != null && !password.isEmpty()
                && user.credentialManager().isValid(UserCredentialModel.password(password));
        if (!valid) {
            context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
            return new Result(Outcome.INVALID, user);
        }
        if (!user.isEnabled()) {
            context.getAuthenticationSession().setAuthNote(VERIFIED_DISABLED_USER_NOTE, user.getId());
            return new Result(Outcome.VALID_BUT_DISABLED, user);
        }
        context.getAuthenticationSession().removeAuthNote(VERIFIED_DISABLED_USER_NOTE);
        return new Result(Outcome.VALID, user);
    }

    private static UserModel find(KeycloakSession session, RealmModel realm, String username) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(session, realm, username);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }
}
