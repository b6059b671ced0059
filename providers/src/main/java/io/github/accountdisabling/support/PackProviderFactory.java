package io.github.accountdisabling.support;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * What the pack's factories share: nothing to set up or tear down unless they say so, and the pack's version
 * under Server info → Providers.
 */
public interface PackProviderFactory<T extends Provider> extends ProviderFactory<T>, ServerInfoAwareProviderFactory {

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
