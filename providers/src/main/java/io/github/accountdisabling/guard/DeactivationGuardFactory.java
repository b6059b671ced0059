package io.github.accountdisabling.guard;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Factory of one guard. Every registered guard runs; a custom one is a jar with one of these. */
public interface DeactivationGuardFactory extends ProviderFactory<DeactivationGuard>, ServerInfoAwareProviderFactory {

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
