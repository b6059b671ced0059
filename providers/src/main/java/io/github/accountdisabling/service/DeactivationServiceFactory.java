package io.github.accountdisabling.service;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;

/** Holds the node's rate-limit counters; every session gets a service bound to it. */
public class DeactivationServiceFactory implements PackProviderFactory<DeactivationService> {

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
}
