package io.github.accountdisabling.guard;

/** Refuses deactivating the last enabled person who can administer the realm. */
public class LastAdminGuardFactory extends StatelessGuardFactory {

    public static final String ID = "last-admin";
    public static final String CODE = "last_admin";

    public LastAdminGuardFactory() {
        super(ID, new LastAdminGuard());
    }
}
