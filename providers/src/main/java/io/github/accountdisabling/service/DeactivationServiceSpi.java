package io.github.accountdisabling.service;

import io.github.accountdisabling.support.PackSpi;

public class DeactivationServiceSpi extends PackSpi {

    public static final String NAME = "account-disabling-service";

    public DeactivationServiceSpi() {
        super(NAME, DeactivationService.class, DeactivationServiceFactory.class);
    }
}
