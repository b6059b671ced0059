package io.github.accountdisabling.guard;

import org.keycloak.models.KeycloakSession;

/** Refuses users whose user store is read-only: the external directory, not Keycloak, owns them. */
public class ManagedUserGuardFactory implements DeactivationGuardFactory {

    public static final String ID = "managed-user";
    public static final String CODE = "managed_user";

    private static final DeactivationGuard GUARD = new ManagedUserGuard();

    @Override
    public DeactivationGuard create(KeycloakSession session) {
        return GUARD;
    }

    @Override
    public String getId() {
        return ID;
    }
}
