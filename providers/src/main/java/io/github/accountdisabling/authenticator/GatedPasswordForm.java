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
 * Identity-first, step two: Keycloak's password form. For the accounts {@link GatedUsernameForm} held back (unknown,
 * disabled or locked) there is no user in the flow yet, so the password is checked against the remembered user name:
 * a wrong one fails as Keycloak's would (and counts towards brute-force lockout), an unknown name costs a hash and
 * fails alike, and a disabled account's right password goes on to the {@code account-disabled-gate}.
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
        UserModel heldBack = GatedUsernameForm.attemptedUser(context);
        if (heldBack == null) {
            AuthenticatorUtils.dummyHash(context);
            context.getEvent().error(Errors.USER_NOT_FOUND);
            Response page = challenge(context, getDefaultChallengeMessage(context), FIELD_PASSWORD);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
            return false;
        }
        if (!validatePassword(context, heldBack, formData, false)) {
            return false;
        }
        if (heldBack.isEnabled()) {
            // its lockout ended, or it was reactivated, while the password page was open
            context.setUser(heldBack);
            return true;
        }
        AccountDisabledGate.handOver(context, heldBack);
        return false;
    }

    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        return LockedAccounts.lockedAfterHashCost(context, user) && super.isDisabledByBruteForce(context, user);
    }
}
