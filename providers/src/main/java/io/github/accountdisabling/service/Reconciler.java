package io.github.accountdisabling.service;

import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.account.Actor;
import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.support.LogValues;
import io.github.accountdisabling.support.UserJobs;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes the window a crash can leave between a disable the pack doesn't make (Keycloak's {@code disable-user}
 * workflow step, or anything else that writes {@code enabled} while the pack's follow-up is still to come) and that
 * follow-up: in every realm where the pack is on, users whose stored {@code enabled} flag and the pack's record
 * disagree are brought in line (marks, history with source {@code reconciled}, revocation) through
 * {@link DeactivationService#recordOutsideChange}, which locks the user's row and re-checks, so nodes running this at
 * once do the work once.
 *
 * <p>It sends no e-mail: the change it records was made earlier, by someone else. At start-up every mismatch is
 * reconciled (no follow-up of this node can still be pending). On the timer a user is
 * reconciled only when the previous run saw the same mismatch, so a follow-up that is merely in flight is left to
 * finish and record its own source. The set of earlier sightings only delays work; it decides nothing.
 */
final class Reconciler {

    static final String TASK_NAME = "account-disabling-reconciler";
    static final long INTERVAL_MILLIS = 300_000;
    static final int BATCH = 200;
    static final Actor ACTOR = Actor.named("reconciler");

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /**
     * Users of Keycloak's own tables, no service accounts, none of a user-storage provider (the provider owns their
     * flag, and a read-only one refuses the record): Keycloak's flag says one thing, the pack's record the other.
     */
    private static final String MISMATCHES = "select u.id from UserEntity u where u.realmId = :realmId"
            + " and u.serviceAccountClientLink is null and u.federationLink is null and ("
            + "(u.enabled = false and not exists (select a.id from UserAttributeEntity a where a.user = u"
            + " and a.name = :name and a.value = 'true'))"
            + " or (u.enabled = true and exists (select a.id from UserAttributeEntity a where a.user = u"
            + " and a.name = :name and a.value = 'true'))) order by u.id";

    private final Map<String, Set<String>> seenBefore = new ConcurrentHashMap<>();

    /** Reconciles every mismatch now (start-up). */
    void reconcileAll(KeycloakSessionFactory factory) {
        run(factory, false);
    }

    /** Reconciles the mismatches the previous run saw too (timer). */
    void reconcileLasting(KeycloakSessionFactory factory) {
        run(factory, true);
    }

    /** Never throws: it runs at start-up and on Keycloak's timer thread, neither of which may fail for it. */
    private void run(KeycloakSessionFactory factory, boolean onlyLasting) {
        Map<String, List<String>> mismatches = new java.util.HashMap<>();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                    .filter(realm -> SettingsService.read(realm).enabled())
                    .forEach(realm -> mismatches.put(realm.getId(), mismatches(session, realm))));
        } catch (RuntimeException e) {
            LOG.warnf("Could not look for users to reconcile: %s", LogValues.escape(e.toString()));
            return;
        }
        seenBefore.keySet().retainAll(mismatches.keySet());
        mismatches.forEach((realmId, userIds) -> {
            Set<String> previous = seenBefore.getOrDefault(realmId, Set.of());
            seenBefore.put(realmId, new HashSet<>(userIds));
            userIds.stream().filter(id -> !onlyLasting || previous.contains(id))
                    .forEach(userId -> reconcile(factory, realmId, userId));
        });
    }

    private static List<String> mismatches(KeycloakSession session, RealmModel realm) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery(MISMATCHES, String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("name", DisabledAttributes.DISABLED)
                .setMaxResults(BATCH)
                .getResultList();
    }

    private static void reconcile(KeycloakSessionFactory factory, String realmId, String userId) {
        try {
            UserJobs.inOwnTransaction(factory, realmId, userId, (session, realm, user) -> session
                    .getProvider(DeactivationService.class)
                    .recordOutsideChange(realm, user, ACTOR, Caller.SOURCE_RECONCILED)
                    .ifPresent(change -> LOG.infof("Reconciled user %s in realm %s: its record now says %s",
                            LogValues.escape(userId), LogValues.escape(realm.getName()), change.entry().toState())));
        } catch (RuntimeException e) {
            LOG.warnf("Could not reconcile user %s in realm %s: %s", LogValues.escape(userId),
                    LogValues.escape(realmId), LogValues.escape(e.toString()));
        }
    }
}
