package io.github.accountdisabling.guard;

import io.github.accountdisabling.account.Refusal;
import org.keycloak.component.ComponentModel;

import java.util.Optional;

final class ManagedUserGuard implements DeactivationGuard {

    /** The edit-mode key and value LDAP and Kerberos providers use for a read-only store. */
    static final String EDIT_MODE = "editMode";
    static final String READ_ONLY = "READ_ONLY";

    @Override
    public Optional<Refusal> check(GuardContext context) {
        String link = context.user().getFederationLink();
        if (link == null) {
            return Optional.empty();
        }
        ComponentModel store = context.realm().getComponent(link);
        if (store != null && READ_ONLY.equalsIgnoreCase(store.get(EDIT_MODE))) {
            return Optional.of(new Refusal(422, ManagedUserGuardFactory.CODE,
                    "The account is managed by the read-only user store '" + store.getName()
                            + "'; disable it there."));
        }
        return Optional.empty();
    }
}
