package io.github.accountdisabling.revocation;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.timer.ScheduledTask;

import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Removes the sessions of logins that raced a deactivation. Such a login read the account as enabled before the
 * deactivation committed and created its session afterwards, past the deactivation's own revocation. Keycloak refuses
 * every token of a disabled account, so the session is useless, but it is listed and would come back to life on
 * reactivation (which removes it too). A login finishes within its request, well within a second here, so sweeping
 * the user's sessions again 1, 3 and 10 seconds after the commit leaves none behind. Sweeps run on the node that
 * deactivated; the sessions they remove are cluster-wide.
 */
public final class RacingLoginSweeper implements ScheduledTask {

    public static final String TASK_NAME = "account-disabling-racing-login-sweep";
    /** How often the task looks for due sweeps. */
    public static final long INTERVAL_MILLIS = 250;
    /** After a deactivation's commit. */
    static final List<Long> SWEEP_DELAYS_MILLIS = List.of(1_000L, 3_000L, 10_000L);

    private static final Logger LOG = Logger.getLogger(RacingLoginSweeper.class);

    private final DelayQueue<Due> due = new DelayQueue<>();

    /** Called after a deactivation committed. */
    public void deactivated(String realmId, String userId) {
        due.add(new Due(realmId, userId, 0, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SWEEP_DELAYS_MILLIS.get(0))));
    }

    @Override
    public void run(KeycloakSession session) {
        for (Due next = due.poll(); next != null; next = due.poll()) {
            sweep(session, next);
            int following = next.sweep() + 1;
            if (following < SWEEP_DELAYS_MILLIS.size()) {
                long wait = SWEEP_DELAYS_MILLIS.get(following) - SWEEP_DELAYS_MILLIS.get(next.sweep());
                due.add(new Due(next.realmId(), next.userId(), following,
                        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait)));
            }
        }
    }

    private static void sweep(KeycloakSession session, Due target) {
        RealmModel realm = session.realms().getRealm(target.realmId());
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, target.userId());
        if (user == null || user.isEnabled()) {
            return;
        }
        SessionRevoker.Revoked revoked = SessionRevoker.revokeAll(session, realm, user);
        if (revoked.onlineSessions() + revoked.offlineSessions() > 0) {
            LOG.infof("Removed %d sessions and %d offline sessions of deactivated user %s in realm %s made by logins that raced the deactivation",
                    revoked.onlineSessions(), revoked.offlineSessions(), user.getId(), realm.getName());
        }
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
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
