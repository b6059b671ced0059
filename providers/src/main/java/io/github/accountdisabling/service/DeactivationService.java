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
import io.github.accountdisabling.revocation.SessionRevoker;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Comparator;
import java.util.List;
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

    private final KeycloakSession session;
    private final ClusterRateLimiter rateLimiter;
    private final LockedWrite lockedWrite;

    DeactivationService(KeycloakSession session, ClusterRateLimiter rateLimiter, RacingLoginSweeper sweeper) {
        this.session = session;
        this.rateLimiter = rateLimiter;
        this.lockedWrite = new LockedWrite(session, sweeper);
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
        long retryAfter = rateLimiter.acquire(session::singleUseObjects, realm.getId(), caller.rateLimitKey(),
                limit);
        if (retryAfter > 0) {
            LOG.debugf("Rate limit of %d per minute reached by %s in realm %s", limit, LogValues.escape(caller.clientId()),
                    LogValues.escape(realm.getName()));
            throw new Refusal(429, Refusal.RATE_LIMITED, "Too many requests; retry in " + retryAfter + " s.", retryAfter);
        }
    }

    /**
     * The one way a door changes a user's state, always in this order: rate limit, reason, (for a deactivate call)
     * realm toggle, row lock and fresh state, precondition, no-change check, realm toggle, guards, then
     * {@link LockedWrite#write}. Empty when a PATCH-style call asked for the state the user has.
     */
    public Optional<Change> apply(RealmModel realm, UserModel requested, Transition transition,
                                  AdminEventBuilder adminEvent) {
        try {
            return applyOrRefuse(realm, requested, transition, adminEvent);
        } catch (Refusal refusal) {
            RefusalAudit.afterCompletion(session, realm, adminEvent, requested, transition.wanted().name(), transition.caller(), refusal);
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
            LockedWrite.Locked locked = lockedWrite.lock(realm, requested);
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
            RefusalAudit.afterCompletion(session, realm, adminEvent, requested, DELETED, caller, refusal);
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
        LockedWrite.Locked locked = lockedWrite.lock(realm, requested);
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
        Change change = lockedWrite.write(realm, locked.user(), transition.wanted(), transition.caller().actor(),
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
     * API, Keycloak's SCIM, permanent lockout): the same marks, history and revocation through {@link LockedWrite#write}. No
     * guards run, as the change has happened; nothing is done when the record already matches.
     */
    public Optional<Change> recordOutsideChange(RealmModel realm, UserModel changed, Actor actor, String source) {
        LockedWrite.Locked locked = lockedWrite.lock(realm, changed);
        boolean recorded = DisabledAttributes.recorded(locked.user());
        boolean unrecorded = locked.state() == AccountState.DEACTIVATED ? !recorded : recorded;
        return unrecorded
                ? Optional.of(lockedWrite.write(realm, locked.user(), locked.state(), actor, source, "", null, false))
                : Optional.empty();
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
        LockedWrite.Locked locked = lockedWrite.lock(realm, found);
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
     * Locks the user's row for the rest of the transaction and returns the user as the database has it: for a door
     * that changes more than the state (SCIM's PUT and PATCH) and must compare a precondition with what it changes.
     */
    public UserModel lockForChange(RealmModel realm, UserModel user) {
        return lockedWrite.lock(realm, user).user();
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

    @Override
    public void close() {
    }
}
