package io.github.accountdisabling.service;

import io.github.accountdisabling.config.RealmSettingsFollower;
import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/** Holds the rate limiter and the sweeper; every session gets a service bound to them. */
public class DeactivationServiceFactory implements PackProviderFactory<DeactivationService> {

    public static final String ID = "default";

    private final ClusterRateLimiter rateLimiter = new ClusterRateLimiter(Time::currentTimeMillis);
    private final RacingLoginSweeper sweeper = new RacingLoginSweeper();
    private final Reconciler reconciler = new Reconciler();

    @Override
    public DeactivationService create(KeycloakSession session) {
        return new DeactivationService(session, rateLimiter, sweeper);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sweeper.start(factory);
        factory.register(new RealmSettingsFollower(factory));
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(sweeper, RacingLoginSweeper.INTERVAL_MILLIS, RacingLoginSweeper.TASK_NAME));
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                reconciler.reconcileAll(factory);
            }
        });
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(() -> reconciler.reconcileLasting(factory), Reconciler.INTERVAL_MILLIS, Reconciler.TASK_NAME));
    }

    @Override
    public String getId() {
        return ID;
    }
}
