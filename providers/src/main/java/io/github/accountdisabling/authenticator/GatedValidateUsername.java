package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.directgrant.ValidateUsername;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak's direct-grant username validator (its own factory, as Keycloak's is). Keycloak answers a disabled account
 * with a challenge that brute-force protection never counts, so a caller could guess its password without limit and
 * learn from "Account disabled" when it was right. Here a disabled, unlocked account's wrong password fails exactly as
 * an active account's does in Keycloak's password validator (counted), and its right password goes on to the
 * {@code account-disabled-gate}. Everything else (unknown users, locked accounts, service accounts, active users) is
 * Keycloak's own.
 */
public final class GatedValidateUsername extends ValidateUsername implements PackProviderFactory<Authenticator> {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel disabled = disabledUnlockedUser(context);
        if (disabled == null) {
            super.authenticate(context);
            return;
        }
        String username = retrieveUsername(context);
        context.getEvent().detail(Details.USERNAME, username).user(disabled);
        // brute-force protection counts a failure against the account named in this note
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        if (disabled.credentialManager().isValid(UserCredentialModel.password(retrievePassword(context)))) {
            AccountDisabledGate.handOver(context, disabled);
            return;
        }
        context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
        context.failure(AuthenticationFlowError.INVALID_USER,
                errorResponse(400, "invalid_grant", "Invalid user credentials"));
    }

    private UserModel disabledUnlockedUser(AuthenticationFlowContext context) {
        String username = retrieveUsername(context);
        if (username == null) {
            return null;
        }
        UserModel user = Accounts.named(context, username);
        boolean stockAnswers = user == null || user.isEnabled() || user.getServiceAccountClientLink() != null
                || AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null;
        return stockAnswers ? null : user;
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.DIRECT_GRANT_VALIDATE_USERNAME;
    }

    @Override
    public String getDisplayType() {
        return "Username Validation (account disabling)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username validation, except that a deactivated account is answered only after its password "
                + "(wrong passwords count towards brute-force lockout). Put the account disabled gate right after it.";
    }
}
