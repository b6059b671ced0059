package io.github.accountdisabling.guard;

import io.github.accountdisabling.support.PackSpi;

public class DeactivationGuardSpi extends PackSpi {

    public static final String NAME = "account-disabling-guard";

    public DeactivationGuardSpi() {
        super(NAME, DeactivationGuard.class, DeactivationGuardFactory.class);
    }
}
