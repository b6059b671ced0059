package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** What the gated steps ask about an account the way Keycloak's own steps do. */
final class Accounts {

    private Accounts() {
    }

    /** The account a user name or e-mail names, as Keycloak's forms find it; {@code null} when none (or ambiguous). */
    static UserModel named(AuthenticationFlowContext context, String username) {
        try {
            return KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username);
        } catch (ModelDuplicateException e) {
            return null;
        }
    }

    /**
     * Keycloak's forms answer a brute-force-locked account before hashing the password: a locked account answered in
     * a few milliseconds while an unknown one takes a hash, so locking an account and then probing told that it
     * exists. @return whether the account is locked; if so, after spending the time of a password hash */
    static boolean lockedAfterHashCost(AuthenticationFlowContext context, UserModel user) {
        boolean locked = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null;
        if (locked) {
            AuthenticatorUtils.dummyHash(context);
        }
        return locked;
    }
}
