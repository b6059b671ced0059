package io.github.accountdisabling.support;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** An SPI of the pack: public (operators may add their own providers), always enabled. */
public abstract class PackSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    private final Class<? extends ProviderFactory> factoryClass;

    protected PackSpi(String name, Class<? extends Provider> providerClass, Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
