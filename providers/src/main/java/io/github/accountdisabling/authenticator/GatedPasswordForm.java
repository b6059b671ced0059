package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.browser.PasswordForm;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import static org.keycloak.services.validation.Validation.FIELD_PASSWORD;

/**
 * Identity-first, step two: Keycloak's password form. After {@link GatedUsernameForm} there is no user in the flow
 * yet, so the password is checked against the remembered name with Keycloak's own check: a wrong one fails as
 * Keycloak's would (and counts towards brute-force lockout), a locked account and an unknown name cost a hash and
 * fail alike, an active account's right password makes it the flow's user, and a disabled account's right password
 * goes on to the {@code account-disabled-gate}. With a user already in the flow (re-authentication) it is Keycloak's.
 */
final class GatedPasswordForm extends PasswordForm {

    GatedPasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user == null || super.configuredFor(session, realm, user);
    }

    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        if (context.getUser() != null) {
            return super.validateForm(context, formData);
        }
        UserModel named = GatedUsernameForm.attemptedUser(context);
        if (named == null) {
            AuthenticatorUtils.dummyHash(context);
            context.getEvent().error(Errors.USER_NOT_FOUND);
            Response page = challenge(context, getDefaultChallengeMessage(context), FIELD_PASSWORD);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
            return false;
        }
        if (!validatePassword(context, named, formData, false)) {
            return false;
        }
        if (named.isEnabled()) {
            context.setUser(named);
            return true;
        }
        AccountDisabledGate.handOver(context, named);
        return false;
    }

    /**
     * Keycloak offers passkey sign-in on this page only to an account it found that has a passkey, which tells that
     * the account exists; with no user in the flow it is offered to no one.
     */
    @Override
    protected boolean isConditionalPasskeysEnabled(UserModel currentUser) {
        return currentUser != null && super.isConditionalPasskeysEnabled(currentUser);
    }

    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        return Accounts.lockedAfterHashCost(context, user) && super.isDisabledByBruteForce(context, user);
    }
}
