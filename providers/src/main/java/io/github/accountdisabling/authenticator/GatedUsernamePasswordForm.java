package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Keycloak's username-password form. Keycloak checks {@code enabled} only after the password, and answers a disabled
 * account on the form itself; here that answer is left to the {@code account-disabled-gate} after it.
 */
final class GatedUsernamePasswordForm extends UsernamePasswordForm {

    GatedUsernamePasswordForm(KeycloakSession session) {
        super(session);
    }

    @Override
    public boolean enabledUser(AuthenticationFlowContext context, UserModel user) {
        if (user.isEnabled()) {
            return super.enabledUser(context, user);
        }
        if (!isDisabledByBruteForce(context, user)) {
            AccountDisabledGate.handOver(context, user);
        }
        return false;
    }

    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        return Accounts.lockedAfterHashCost(context, user) && super.isDisabledByBruteForce(context, user);
    }
}
