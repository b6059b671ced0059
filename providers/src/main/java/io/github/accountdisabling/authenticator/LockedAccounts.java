package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.UserModel;

/**
 * Keycloak's forms answer a brute-force-locked account before hashing the password: a locked account answered in a
 * few milliseconds while an unknown one takes a hash, so locking an account and then probing told that it exists.
 */
final class LockedAccounts {

    private LockedAccounts() {
    }

    /** @return whether the account is locked; if so, after spending the time of a password hash */
    static boolean lockedAfterHashCost(AuthenticationFlowContext context, UserModel user) {
        boolean locked = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user) != null;
        if (locked) {
            AuthenticatorUtils.dummyHash(context);
        }
        return locked;
    }
}
