package io.github.accountdisabling.guard;

import org.keycloak.models.KeycloakSession;

/** Refuses a caller deactivating its own account through the APIs. */
public class SelfDeactivationGuardFactory implements DeactivationGuardFactory {

    public static final String ID = "self";
    public static final String CODE = "self_deactivation";

    private static final DeactivationGuard GUARD = new SelfDeactivationGuard();

    @Override
    public DeactivationGuard create(KeycloakSession session) {
        return GUARD;
    }

    @Override
    public String getId() {
        return ID;
    }
}
