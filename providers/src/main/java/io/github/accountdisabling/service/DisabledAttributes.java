package io.github.accountdisabling.service;

import org.keycloak.models.UserModel;

/** The user attributes that record a deactivation (CONTRACT §1). */
public final class DisabledAttributes {

    public static final String DISABLED = "accountDisabled";
    public static final String AT = "accountDisabledAt";
    public static final String BY = "accountDisabledBy";
    public static final String REASON = "accountDisabledReason";
    public static final String SOURCE = "accountDisabledSource";

    private DisabledAttributes() {
    }

    static void record(UserModel user, String atIso, String by, String reason, String source) {
        user.setSingleAttribute(DISABLED, "true");
        user.setSingleAttribute(AT, atIso);
        user.setSingleAttribute(BY, by == null ? "" : by);
        user.setSingleAttribute(REASON, reason == null ? "" : reason);
        user.setSingleAttribute(SOURCE, source);
    }

    static void clear(UserModel user) {
        for (String name : new String[]{DISABLED, AT, BY, REASON, SOURCE}) {
            user.removeAttribute(name);
        }
    }

    /** True when the pack (or its listener) has recorded this user's deactivation. */
    public static boolean recorded(UserModel user) {
        return "true".equals(user.getFirstAttribute(DISABLED));
    }
}
