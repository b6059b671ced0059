package io.github.accountdisabling.service;

import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.account.Refusal;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.account.Actor;
import io.github.accountdisabling.account.AccountState;
import io.github.accountdisabling.support.LogValues;
import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.guard.DeactivationGuard;
import io.github.accountdisabling.guard.DeactivationGuardFactory;
import io.github.accountdisabling.guard.GuardContext;
import io.github.accountdisabling.history.HistoryEntry;
import io.github.accountdisabling.history.HistoryStore;
import io.github.accountdisabling.notification.UserNotifier;
import io.github.accountdisabling.revocation.SessionRevoker;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.storage.StorageId;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The only code that deactivates or reactivates an account. REST, SCIM, the console and the event listener all
 * come here, so guards, revocation, history and audit can't be skipped by choosing another door.
 *
 * <p>Everything happens in the caller's Keycloak transaction: a failure anywhere rolls back the state, the
 * attributes, the history row and the session removal together. The user's database row is locked first, so
 * concurrent calls on one user run one after the other and each sees the state the previous one left.
 */
public final class DeactivationService implements Provider {

    /** Set on the session while the service emits its admin event, so the listener doesn't handle it again. */
    public static final String IN_SERVICE_ATTRIBUTE = DeactivationService.class.getName() + ".inService";
    public static final int MAX_REASON_LENGTH = 1024;

    private static final Logger LOG = Logger.getLogger(DeactivationService.class);
    private static final Map<String, Object> LOCK_TIMEOUT = Map.of("jakarta.persistence.lock.timeout", 30_000);

    private final KeycloakSession session;
    private final RateLimiter rateLimiter;
    private final RacingLoginSweeper sweeper;

    DeactivationService(KeycloakSession session, RateLimiter rateLimiter, RacingLoginSweeper sweeper) {
        this.session = session;
        this.rateLimiter = rateLimiter;
        this.sweeper = sweeper;
    }

    /** The outcome of a change: the history row it appended. */
    public record Change(UserModel user, HistoryEntry entry) {
    }

    /**
     * Counts one write of {@code caller} against the realm's per-minute limit; throws 429 past it. {@link #apply}
     * counts its own; doors call this for writes that change no user's state (config, flows).
     */
    public void checkRateLimit(RealmModel realm, Caller caller) {
        if (caller.rateLimitKey() == null) {
            return;
        }
        int limit = SettingsService.read(realm).rateLimitPerMinute();
        long retryAfter = rateLimiter.acquire(realm.getId(), caller.rateLimitKey(), limit);
        if (retryAfter > 0) {
            LOG.debugf("Rate limit of %d per minute reached by %s in realm %s", limit, LogValues.escape(caller.clientId()),
                    LogValues.escape(realm.getName()));
            throw new Refusal(429, Refusal.RATE_LIMITED, "Too many requests; retry in " + retryAfter + " s.", retryAfter);
        }
    }

    /**
     * What a door asks for: the wanted state, and whether asking for the state the user already has is refused (409,
     * the deactivate and reactivate calls) or a change of nothing (PATCH-style calls: Mendix, SCIM). A precondition
     * (SCIM's If-Match) is checked on the user as the database has it under the row lock, before anything else.
     */
    public record Transition(AccountState wanted, boolean refuseNoChange, Caller caller, String reason,
                             Consumer<UserModel> precondition, boolean created, boolean removedByScim) {

        public static Transition deactivate(Caller caller, String reason) {
            return new Transition(AccountState.DEACTIVATED, true, caller, reason, user -> { }, false, false);
        }

        public static Transition reactivate(Caller caller, String reason) {
            return new Transition(AccountState.ACTIVE, true, caller, reason, user -> { }, false, false);
        }

        public static Transition setActive(boolean active, Caller caller, String reason) {
            return new Transition(AccountState.of(active), false, caller, reason, user -> { }, false, false);
        }

        /**
         * A SCIM client's DELETE in the realm's default mode: the account is deactivated (guards apply) and marked
         * {@link DisabledAttributes#REMOVED_BY_SCIM}; an account deactivated already is only marked.
         */
        public static Transition removeFromScim(Caller caller, String reason) {
            return new Transition(AccountState.DEACTIVATED, false, caller, reason, user -> { }, false, true);
        }

        /**
         * A user a door has just created inactive (SCIM's {@code active: false}): recorded as deactivated from no
         * earlier state, guards applied, no "your account was deactivated" e-mail. The door may have stored the user
         * disabled already; the missing record is what is written then.
         */
        public static Transition createdInactive(Caller caller) {
            return new Transition(AccountState.DEACTIVATED, false, caller, "", user -> { }, true, false);
        }

        public Transition onlyIf(Consumer<UserModel> check) {
            return new Transition(wanted, refuseNoChange, caller, reason, check, created, removedByScim);
        }
    }

    /**
     * The one way a door changes a user's state, always in this order: rate limit, reason, (for a deactivate call)
     * realm toggle, row lock and fresh state, precondition, no-change check, realm toggle, guards, then
     * {@link #write}. Empty when a PATCH-style call asked for the state the user has.
     */
    public Optional<Change> apply(RealmModel realm, UserModel requested, Transition transition,
                                  AdminEventBuilder adminEvent) {
        try {
            return applyOrRefuse(realm, requested, transition, adminEvent);
        } catch (Refusal refusal) {
            auditRefusal(realm, adminEvent, requested, transition.wanted().name(), transition.caller(), refusal);
            throw refusal;
        }
    }

    /** The history's from-state of a user created inactive: there was no state before. */
    public static final String NO_STATE = "NONE";

    /** The history's to-state of a user removed by a door that deletes (SCIM's delete mode). */
    public static final String DELETED = "DELETED";

    /**
     * Deletes the user the way a SCIM client's DELETE does in the realm's delete mode: rate limit, row lock and
     * precondition, and while the pack is on the deactivation guards, then a last history row saying who deleted
     * whom (the history table keeps rows of deleted users) and Keycloak's own removal.
     */
    public void delete(RealmModel realm, UserModel requested, Caller caller, String reason,
                       Consumer<UserModel> precondition, AdminEventBuilder adminEvent) {
        try {
            checkRateLimit(realm, caller);
            String checkedReason = checkReason(reason);
            Locked locked = lockAndReload(realm, requested);
            precondition.accept(locked.user());
            AccountDisablingSettings settings = SettingsService.read(realm);
            if (settings.enabled()) {
                runGuards(new GuardContext(session, realm, locked.user(), caller, settings));
            }
            HistoryEntry entry = new HistoryStore(session).append(realm.getId(), locked.user().getId(),
                    locked.state().name(), DELETED, caller.actor(), caller.source(), checkedReason,
                    Time.currentTimeMillis());
            new UserManager(session).removeUser(realm, locked.user());
            LOG.infof("Deleted user %s in realm %s by %s via %s (history #%d)", locked.user().getId(),
                    LogValues.escape(realm.getName()), LogValues.escape(caller.actor().id()),
                    LogValues.escape(caller.source()), entry.sequence());
        } catch (Refusal refusal) {
            auditRefusal(realm, adminEvent, requested, DELETED, caller, refusal);
            throw refusal;
        }
    }

    private Optional<Change> applyOrRefuse(RealmModel realm, UserModel requested, Transition transition,
                                           AdminEventBuilder adminEvent) {
        checkRateLimit(realm, transition.caller());
        String reason = checkReason(transition.reason());
        boolean deactivating = transition.wanted() == AccountState.DEACTIVATED;
        if (deactivating && transition.refuseNoChange()) {
            requireEnabled(realm);
        }
        Locked locked = lockAndReload(realm, requested);
        transition.precondition().accept(locked.user());
        boolean recordMissing = transition.created() && !DisabledAttributes.recorded(locked.user());
        if (locked.state() == transition.wanted() && !recordMissing) {
            if (transition.removedByScim()) {
                markRemovedByScim(realm, locked.user(), transition.caller());
            }
            if (!transition.refuseNoChange()) {
                return Optional.empty();
            }
            throw deactivating
                    ? new Refusal(409, Refusal.ALREADY_DEACTIVATED, "The account is already deactivated.")
                    : new Refusal(409, Refusal.NOT_DEACTIVATED, "The account is not deactivated.");
        }
        if (deactivating) {
            runGuards(new GuardContext(session, realm, locked.user(), transition.caller(), requireEnabled(realm)));
        }
        Change change = write(realm, locked.user(), transition.wanted(), transition.caller().actor(),
                transition.caller().source(), reason, adminEvent, transition.created());
        if (transition.removedByScim()) {
            markRemovedByScim(realm, locked.user(), transition.caller());
        }
        return Optional.of(change);
    }

    private static void markRemovedByScim(RealmModel realm, UserModel user, Caller caller) {
        if (user.getFirstAttribute(DisabledAttributes.REMOVED_BY_SCIM) != null) {
            return;
        }
        user.setSingleAttribute(DisabledAttributes.REMOVED_BY_SCIM, HistoryEntry.iso(Time.currentTimeMillis()));
        LOG.infof("Removed deactivated user %s in realm %s from SCIM by %s", user.getId(),
                LogValues.escape(realm.getName()), LogValues.escape(caller.actor().id()));
    }

    private AccountDisablingSettings requireEnabled(RealmModel realm) {
        AccountDisablingSettings settings = SettingsService.read(realm);
        if (!settings.enabled()) {
            throw new Refusal(409, Refusal.ACCOUNT_DISABLING_OFF, "Account disabling is turned off for this realm.");
        }
        return settings;
    }

    /**
     * Brings the pack's record in line with a change Keycloak already made without it (console switch, stock admin
     * API, Keycloak's SCIM, permanent lockout): the same marks, history and revocation through {@link #write}. No
     * guards run, as the change has happened; nothing is done when the record already matches.
     */
    public Optional<Change> recordOutsideChange(RealmModel realm, UserModel changed, Actor actor, String source) {
        Locked locked = lockAndReload(realm, changed);
        boolean recorded = DisabledAttributes.recorded(locked.user());
        boolean unrecorded = locked.state() == AccountState.DEACTIVATED ? !recorded : recorded;
        return unrecorded
                ? Optional.of(write(realm, locked.user(), locked.state(), actor, source, "", null, false))
                : Optional.empty();
    }

    /**
     * Every state change, whichever door it came through, is written here and only here: state, marks, history,
     * revocation, audit and one log line. Reactivation also revokes: whatever session is left came from a login
     * that raced the deactivation, and the moved not-before ends every token issued before now.
     */
    private Change write(RealmModel realm, UserModel user, AccountState to, Actor actor, String source, String reason,
                         AdminEventBuilder adminEvent, boolean created) {
        long now = Time.currentTimeMillis();
        boolean deactivating = to == AccountState.DEACTIVATED;
        String from = created ? NO_STATE : (deactivating ? AccountState.ACTIVE : AccountState.DEACTIVATED).name();
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
     * Removes the sessions of logins that raced a deactivation (see {@link RacingLoginSweeper}), if the user is still
     * deactivated. The state is read under the row lock, so a reactivation committed meanwhile is seen and the
     * reactivated user's own sessions are left alone.
     */
    void sweepRacingLogins(RealmModel realm, String userId) {
        UserModel found = session.users().getUserById(realm, userId);
        if (found == null) {
            return;
        }
        Locked locked = lockAndReload(realm, found);
        if (locked.state() != AccountState.DEACTIVATED) {
            return;
        }
        SessionRevoker.Revoked revoked = SessionRevoker.revokeAll(session, realm, locked.user());
        if (revoked.onlineSessions() + revoked.offlineSessions() > 0) {
            LOG.infof("Removed %d sessions and %d offline sessions of deactivated user %s in realm %s made by logins "
                            + "that raced the deactivation", revoked.onlineSessions(), revoked.offlineSessions(),
                    LogValues.escape(userId), LogValues.escape(realm.getName()));
        }
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

    /**
     * Locks the user's row for the rest of the transaction and returns the user as the database has it: for a door
     * that changes more than the state (SCIM's PUT and PATCH) and must compare a precondition with what it changes.
     */
    public UserModel lockForChange(RealmModel realm, UserModel user) {
        return lockAndReload(realm, user).user();
    }

    /** The user's history, oldest first; also of a user deleted since (the rows are kept). */
    public List<HistoryEntry> history(RealmModel realm, String userId) {
        return new HistoryStore(session).list(realm.getId(), userId);
    }

    /**
     * A reason is shown on the login page and in the console: control characters (NUL, ESC, CR/LF, …) and the
     * Unicode bidirectional controls that can make text read differently from what it is are refused; the limit
     * counts characters (code points), not UTF-16 units.
     */
    private static String checkReason(String reason) {
        String value = reason == null ? "" : reason.strip();
        if (value.codePointCount(0, value.length()) > MAX_REASON_LENGTH) {
            throw new Refusal(400, "invalid_reason", "The reason may be at most " + MAX_REASON_LENGTH + " characters.");
        }
        if (value.codePoints().anyMatch(DeactivationService::forbiddenInReason)) {
            throw new Refusal(400, "invalid_reason",
                    "The reason may not contain control characters or bidirectional text controls.");
        }
        return value;
    }

    private static boolean forbiddenInReason(int codePoint) {
        return Character.isISOControl(codePoint) || LogValues.isBidiControl(codePoint);
    }

    /**
     * Locks the user's row until the transaction ends and returns the user as the database has it now. The model a
     * caller looked up may come from the user cache, filled before a concurrent call committed; its setters even
     * skip a "change" to the value it believes is current. So the cache entry is evicted and the user re-read from
     * the refreshed row.
     */
    private Locked lockAndReload(RealmModel realm, UserModel user) {
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

    private EntityManager entityManager() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private record Locked(UserModel user, AccountState state) {
    }

    private void runGuards(GuardContext context) {
        List<DeactivationGuardFactory> factories = session.getKeycloakSessionFactory()
                .getProviderFactoriesStream(DeactivationGuard.class)
                .map(DeactivationGuardFactory.class::cast)
                .sorted(Comparator.comparing(DeactivationGuardFactory::getId))
                .toList();
        for (DeactivationGuardFactory factory : factories) {
            Optional<Refusal> refusal = session.getProvider(DeactivationGuard.class, factory.getId()).check(context);
            if (refusal.isPresent()) {
                LOG.debugf("Guard %s refused deactivating user %s: %s", factory.getId(), context.user().getId(),
                        refusal.get().code());
                throw refusal.get();
            }
        }
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
        session.setAttribute(IN_SERVICE_ATTRIBUTE, Boolean.TRUE);
        try {
            adminEvent.operation(OperationType.UPDATE)
                    .resource(ResourceType.USER)
                    .resourcePath("users", user.getId())
                    .representation(representation)
                    .success();
        } finally {
            session.removeAttribute(IN_SERVICE_ATTRIBUTE);
        }
    }

    /**
     * Records a refused change as an admin event whose error is the refusal's code. A refusal rolls the request's
     * transaction back, so the event is stored after it ends, in a transaction of its own; failing to store it
     * never changes the answer the caller gets.
     */
    private void auditRefusal(RealmModel realm, AdminEventBuilder adminEvent, UserModel user, String requestedState,
                              Caller caller, Refusal refusal) {
        if (adminEvent == null) {
            return;
        }
        RefusedChange representation = new RefusedChange(user.getId(), user.getUsername(), requestedState,
                refusal.code(), refusal.getMessage(), caller.source(), caller.actor().id(), caller.actor().name());
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        Runnable record = () -> {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, recording -> {
                    recording.getContext().setRealm(recording.realms().getRealm(realmId));
                    AdminEventBuilder event = adminEvent.clone(recording);
                    event.getEvent().setError(refusal.code());
                    event.operation(OperationType.UPDATE)
                            .resource(ResourceType.USER)
                            .resourcePath("users", representation.id())
                            .representation(representation)
                            .success();
                });
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the refused change of user %s (%s) as an admin event: %s",
                        representation.id(), representation.code(), LogValues.escape(e.toString()));
            }
        };
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                record.run();
            }

            @Override
            protected void rollbackImpl() {
                record.run();
            }
        });
    }

    /** The representation of a change's admin event. */
    public record MadeChange(String id, String username, String state, String previousState, String reason,
                             String source, String actor, String actorName, String sequence) {
    }

    /** The representation of a refused change's admin event. */
    public record RefusedChange(String id, String username, String requestedState, String code, String message,
                                String source, String actor, String actorName) {
    }

    @Override
    public void close() {
    }
}
