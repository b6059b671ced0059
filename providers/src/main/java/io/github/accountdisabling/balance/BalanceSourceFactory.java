package io.github.accountdisabling.balance;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** A realm picks its source by id in the {@code accountDisabling.balanceSource} attribute. */
public interface BalanceSourceFactory extends ProviderFactory<BalanceSource>, ServerInfoAwareProviderFactory {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }

    @Override
    default Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo();
    }
}
