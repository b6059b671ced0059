package io.github.accountdisabling.guard;

import org.keycloak.models.KeycloakSession;

/** A guard that keeps no state: one instance serves every session. */
abstract class StatelessGuardFactory implements DeactivationGuardFactory {

    private final String id;
    private final DeactivationGuard guard;

    StatelessGuardFactory(String id, DeactivationGuard guard) {
        this.id = id;
        this.guard = guard;
    }

    @Override
    public DeactivationGuard create(KeycloakSession session) {
        return guard;
    }

    @Override
    public String getId() {
        return id;
    }
}
