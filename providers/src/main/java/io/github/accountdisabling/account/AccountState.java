package io.github.accountdisabling.account;

import org.keycloak.models.UserModel;

/** Keycloak's own {@code enabled} flag is the state, so a user disabled by any means reads as deactivated. */
public enum AccountState {
    ACTIVE,
    DEACTIVATED;

    public static AccountState of(boolean enabled) {
        return enabled ? ACTIVE : DEACTIVATED;
    }

    public static AccountState of(UserModel user) {
        return of(user.isEnabled());
    }
}
