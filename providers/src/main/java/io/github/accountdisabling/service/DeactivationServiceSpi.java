package io.github.accountdisabling.service;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

public class DeactivationServiceSpi implements Spi {

    public static final String NAME = "account-disabling-service";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return DeactivationService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DeactivationServiceFactory.class;
    }
}
