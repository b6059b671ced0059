package io.github.accountdisabling.guard;

import org.keycloak.models.KeycloakSession;

/** Refuses deactivating the last enabled person who can administer the realm. */
public class LastAdminGuardFactory implements DeactivationGuardFactory {

    public static final String ID = "last-admin";
    public static final String CODE = "last_admin";

    private static final DeactivationGuard GUARD = new LastAdminGuard();

    @Override
    public DeactivationGuard create(KeycloakSession session) {
        return GUARD;
    }

    @Override
    public String getId() {
        return ID;
    }
}
