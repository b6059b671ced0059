package io.github.accountdisabling.service;

import io.github.accountdisabling.account.AccountState;
import io.github.accountdisabling.account.Actor;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.account.Refusal;
import io.github.accountdisabling.history.HistoryEntry;
import io.github.accountdisabling.history.HistoryStore;
import io.github.accountdisabling.notification.UserNotifier;
import io.github.accountdisabling.revocation.SessionRevoker;
import io.github.accountdisabling.support.LogValues;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.storage.StorageId;

import java.util.Map;

/**
 * The user's row locked and re-read, and the one write every state change goes through once the pipeline in
 * {@link DeactivationService} has let it pass: state, record, history, revocation, audit, e-mail and a log line.
 */
final class LockedWrite {

    // The service's category: operators set one log level for every state change.
    private static final Logger LOG = Logger.getLogger(DeactivationService.class);
    private static final Map<String, Object> LOCK_TIMEOUT = Map.of("jakarta.persistence.lock.timeout", 30_000);

    private final KeycloakSession session;
    private final RacingLoginSweeper sweeper;

    LockedWrite(KeycloakSession session, RacingLoginSweeper sweeper) {
        this.session = session;
        this.sweeper = sweeper;
    }

    record Locked(UserModel user, AccountState state) {
    }

    /**
     * Locks the user's row until the transaction ends and returns the user as the database has it now. The model a
     * caller looked up may come from the user cache, filled before a concurrent call committed; its setters even
     * skip a "change" to the value it believes is current. So the cache entry is evicted and the user re-read from
     * the refreshed row.
     */
    Locked lock(RealmModel realm, UserModel user) {
        if (!StorageId.isLocalStorage(user.getId())) {
            // A user of an external store without a local copy: there is no row to lock.
            return new Locked(user, AccountState.of(user));
        }
        EntityManager em = entityManager();
        // A reference costs no query; it tells whether this transaction has read the row already.
        UserEntity entity = em.getReference(UserEntity.class, user.getId());
        if (em.getEntityManagerFactory().getPersistenceUnitUtil().isLoaded(entity)) {
            // Read before the lock, so perhaps before a concurrent change committed: lock and read again. A change
            // Keycloak made before calling the listener must reach the row first.
            em.flush();
            em.refresh(entity, LockModeType.PESSIMISTIC_WRITE, LOCK_TIMEOUT);
        } else {
            // Not read yet: one locking read.
            entity = em.find(UserEntity.class, user.getId(), LockModeType.PESSIMISTIC_WRITE, LOCK_TIMEOUT);
            if (entity == null) {
                // Deleted since the caller looked it up.
                throw new Refusal(404, Refusal.USER_NOT_FOUND, "The user does not exist in this realm.");
            }
        }
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null) {
            cache.evict(realm, user);
        }
        UserModel fresh = session.users().getUserById(realm, user.getId());
        // The stored flag decides: a user of a disabled user-storage provider reads as disabled through the model,
        // yet its own record may be enabled, and that is what the pack changes.
        return new Locked(fresh == null ? user : fresh, AccountState.of(entity.isEnabled()));
    }

    /**
     * Every state change, whichever door it came through, is written here and only here: state, marks, history,
     * revocation, audit and one log line. Reactivation also revokes: whatever session is left came from a login
     * that raced the deactivation, and the moved not-before ends every token issued before now.
     */
    Change write(RealmModel realm, UserModel user, AccountState to, Actor actor, String source, String reason,
                         AdminEventBuilder adminEvent, boolean created) {
        long now = Time.currentTimeMillis();
        boolean deactivating = to == AccountState.DEACTIVATED;
        String from = created ? DeactivationService.NO_STATE : (deactivating ? AccountState.ACTIVE : AccountState.DEACTIVATED).name();
        user.setEnabled(!deactivating);
        user.setLastModifiedTimestamp(now);
        if (deactivating) {
            DisabledRecord.record(user, HistoryEntry.iso(now), actor, reason, source);
        } else {
            DisabledRecord.clear(user, entityManager());
            clearPermanentLockout(realm, user);
        }
        HistoryEntry entry = new HistoryStore(session).append(realm.getId(), user.getId(), from, to.name(),
                actor, source, reason, now);
        SessionRevoker.Revoked revoked = deactivating
                ? revokeNowAndAfterCommit(realm, user)
                : SessionRevoker.revokeAll(session, realm, user);
        audit(adminEvent, user, entry);
        // No "your account was deactivated" for an account created so, nor for a change the reconciler found made
        if (!created && !Caller.SOURCE_RECONCILED.equals(source)) {
            UserNotifier.afterCommit(session, realm, user, to, reason);
        }
        LOG.infof("%s user %s in realm %s by %s via %s (history #%d; %d sessions, %d offline sessions revoked)",
                deactivating ? "Deactivated" : "Reactivated", user.getId(), LogValues.escape(realm.getName()),
                LogValues.escape(actor.id()), LogValues.escape(source), entry.sequence(), revoked.onlineSessions(),
                revoked.offlineSessions());
        return new Change(user, entry);
    }

    /**
     * Revokes what exists now and, after the commit, what logins racing this deactivation create: they read the
     * account as enabled before the commit and make their session after this revocation.
     */
    private SessionRevoker.Revoked revokeNowAndAfterCommit(RealmModel realm, UserModel user) {
        SessionRevoker.Revoked revoked = SessionRevoker.revokeAll(session, realm, user);
        String realmId = realm.getId();
        String userId = user.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                sweeper.deactivated(realmId, userId);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
        return revoked;
    }

    private void clearPermanentLockout(RealmModel realm, UserModel user) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        if (protector != null && BruteForceProtector.DISABLED_BY_PERMANENT_LOCKOUT
                .equals(user.getFirstAttribute(UserModel.DISABLED_REASON))) {
            protector.cleanUpPermanentLockout(session, realm, user);
        }
    }

    private void audit(AdminEventBuilder adminEvent, UserModel user, HistoryEntry entry) {
        if (adminEvent == null) {
            return;
        }
        MadeChange representation = new MadeChange(user.getId(), user.getUsername(), entry.toState(),
                entry.fromState(), entry.reason(), entry.source(), entry.actor(), entry.actorName(),
                Long.toString(entry.sequence()));
        session.setAttribute(DeactivationService.IN_SERVICE_ATTRIBUTE, Boolean.TRUE);
        try {
            adminEvent.operation(OperationType.UPDATE)
                    .resource(ResourceType.USER)
                    .resourcePath("users", user.getId())
                    .representation(representation)
                    .success();
        } finally {
            session.removeAttribute(DeactivationService.IN_SERVICE_ATTRIBUTE);
        }
    }

    private EntityManager entityManager() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The representation of a change's admin event. */
    public record MadeChange(String id, String username, String state, String previousState, String reason,
                             String source, String actor, String actorName, String sequence) {
    }
}
