package io.github.accountdisabling.service;

import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Sweeps the sessions of logins that raced a deactivation. Such a login read the account as enabled before the
 * deactivation committed and created its session afterwards, past the deactivation's own revocation. Keycloak refuses
 * every token of a disabled account, so the session is useless, but it is listed and would come back to life on
 * reactivation (which removes it too). A login finishes within its request, well within a second here, so sweeping
 * the user's sessions again 1, 3 and 10 seconds after the commit leaves none behind. Sweeps run on the node that
 * deactivated, one transaction each; the sessions they remove are cluster-wide.
 */
final class RacingLoginSweeper implements Runnable {

    static final String TASK_NAME = "account-disabling-racing-login-sweep";
    /** How often the timer looks for due sweeps; a look with nothing due touches nothing. */
    static final long INTERVAL_MILLIS = 250;
    /** After a deactivation's commit. */
    static final List<Long> SWEEP_DELAYS_MILLIS = List.of(1_000L, 3_000L, 10_000L);

    private static final Logger LOG = Logger.getLogger(RacingLoginSweeper.class);

    private final DelayQueue<Due> due = new DelayQueue<>();
    private volatile KeycloakSessionFactory factory;

    void start(KeycloakSessionFactory sessionFactory) {
        this.factory = sessionFactory;
    }

    /** Called after a deactivation committed. */
    void deactivated(String realmId, String userId) {
        due.add(new Due(realmId, userId, 0, deadline(SWEEP_DELAYS_MILLIS.get(0))));
    }

    @Override
    public void run() {
        for (Due next = due.poll(); next != null; next = due.poll()) {
            int following = next.sweep() + 1;
            if (following < SWEEP_DELAYS_MILLIS.size()) {
                long wait = SWEEP_DELAYS_MILLIS.get(following) - SWEEP_DELAYS_MILLIS.get(next.sweep());
                due.add(new Due(next.realmId(), next.userId(), following, deadline(wait)));
            }
            sweep(next);
        }
    }

    private void sweep(Due target) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(target.realmId());
                if (realm != null) {
                    session.getContext().setRealm(realm);
                    session.getProvider(DeactivationService.class).sweepRacingLogins(realm, target.userId());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Sweep %d of user %s in realm %s failed: %s", target.sweep() + 1, LogValues.escape(target.userId()),
                    LogValues.escape(target.realmId()), LogValues.escape(e.getMessage()));
        }
    }

    private static long deadline(long millisFromNow) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millisFromNow);
    }

    private record Due(String realmId, String userId, int sweep, long atNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(atNanos, ((Due) other).atNanos);
        }
    }
}
