package io.github.accountdisabling.service;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Holds the node's rate-limit counters; every session gets a service bound to it. */
public class DeactivationServiceFactory implements ProviderFactory<DeactivationService>, ServerInfoAwareProviderFactory {

    public static final String ID = "default";

    private final RateLimiter rateLimiter = new RateLimiter(Time::currentTimeMillis);

    @Override
    public DeactivationService create(KeycloakSession session) {
        return new DeactivationService(session, rateLimiter);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo();
    }
}
