package io.github.accountdisabling.guard;

/** Refuses users whose user store is read-only: the external directory, not Keycloak, owns them. */
public class ManagedUserGuardFactory extends StatelessGuardFactory {

    public static final String ID = "managed-user";
    public static final String CODE = "managed_user";

    public ManagedUserGuardFactory() {
        super(ID, new ManagedUserGuard());
    }
}
