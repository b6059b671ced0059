package io.github.accountdisabling.account;

import org.keycloak.models.UserModel;

import java.util.List;

/** The user attributes that record a deactivation (CONTRACT §1). */
public final class DisabledAttributes {

    public static final String DISABLED = "accountDisabled";
    public static final String AT = "accountDisabledAt";
    public static final String BY = "accountDisabledBy";
    public static final String BY_NAME = "accountDisabledByName";
    public static final String REASON = "accountDisabledReason";
    public static final String SOURCE = "accountDisabledSource";
    /**
     * Not part of the record: the reason an admin types into the console (and saves) before turning the Enabled
     * switch off; that deactivation records it as {@link #REASON}. Every deactivation clears it.
     */
    public static final String REASON_TO_RECORD = "accountDeactivationReason";
    /**
     * Not part of the record either: set when a SCIM client's DELETE deactivated the account, which is gone for SCIM
     * from then on (RFC 7644 §3.6) while Keycloak keeps it. Reactivation clears it with the record, so the account
     * comes back to SCIM as it was.
     */
    public static final String REMOVED_BY_SCIM = "accountDisabledRemovedByScim";

    private DisabledAttributes() {
    }

    /** In the order the console's "Account status" section shows them. */
    public static final List<String> NAMES = List.of(DISABLED, AT, BY_NAME, BY, REASON, SOURCE);

    /** What reactivation removes: the record and the SCIM removal mark. */
    public static final List<String> CLEARED_ON_REACTIVATION = List.of(DISABLED, AT, BY_NAME, BY, REASON, SOURCE,
            REMOVED_BY_SCIM);

    /** True when the pack (or its listener) has recorded this user's deactivation. */
    public static boolean recorded(UserModel user) {
        return "true".equals(user.getFirstAttribute(DISABLED));
    }

    /** Deactivated by a SCIM DELETE and not reactivated since: SCIM answers 404 for it and lists it nowhere. */
    public static boolean removedByScim(UserModel user) {
        return !user.isEnabled() && user.getFirstAttribute(REMOVED_BY_SCIM) != null;
    }
}
