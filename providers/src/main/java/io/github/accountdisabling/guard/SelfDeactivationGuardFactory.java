package io.github.accountdisabling.guard;

/** Refuses a caller deactivating its own account through the APIs. */
public class SelfDeactivationGuardFactory extends StatelessGuardFactory {

    public static final String ID = "self";
    public static final String CODE = "self_deactivation";

    public SelfDeactivationGuardFactory() {
        super(ID, new SelfDeactivationGuard());
    }
}
