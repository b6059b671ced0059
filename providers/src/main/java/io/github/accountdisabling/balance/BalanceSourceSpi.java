package io.github.accountdisabling.balance;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

public class BalanceSourceSpi implements Spi {

    public static final String NAME = "account-disabling-balance-source";

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
        return BalanceSource.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return BalanceSourceFactory.class;
    }
}
