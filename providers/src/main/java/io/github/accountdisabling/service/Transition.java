package io.github.accountdisabling.service;

import io.github.accountdisabling.account.AccountState;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.account.DisabledAttributes;
import org.keycloak.models.UserModel;

import java.util.function.Consumer;

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
