package io.github.accountdisabling.profile;

import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Declares the pack's {@code accountDisabled*} attributes in the realm's user profile, in the group "Account
 * status": admins see them (the user's Details page shows the group as a section, the admin API's user
 * representation carries them) and nobody can edit them, whatever the realm's unmanaged-attribute policy. Only the
 * deactivation service writes them, through the user model, which the user profile does not restrict.
 *
 * <p>The declaration stays when account disabling is turned off: users deactivated before keep their record, and
 * it should stay readable.
 */
public final class AccountStatusProfile {

    public static final String GROUP = "account-status";
    public static final String GROUP_HEADER = "Account status";

    private static final Logger LOG = Logger.getLogger(AccountStatusProfile.class);
    private static final String ADMIN = "admin";
    /**
     * Marks the pack's declarations. Also keeps Keycloak's own SCIM endpoint working: it reads the annotations of
     * every declared attribute without a null check (26.7), and fails with 500 for an attribute that has none.
     */
    static final Map<String, Object> ANNOTATIONS = Map.of("accountDisabling.recordedBy", "keycloak-account-disabling");

    private static final Map<String, String> DISPLAY_NAMES = Map.of(
            DisabledAttributes.DISABLED, "Deactivated",
            DisabledAttributes.AT, "Deactivated at (UTC)",
            DisabledAttributes.BY_NAME, "Deactivated by",
            DisabledAttributes.BY, "Deactivated by (user or client id)",
            DisabledAttributes.REASON, "Reason",
            DisabledAttributes.SOURCE, "Through",
            DisabledAttributes.REASON_TO_RECORD, "Reason to record when deactivating");

    private AccountStatusProfile() {
    }

    /** Adds or restores the declaration; does nothing when the realm's user profile has it already. */
    public static void declare(KeycloakSession session, RealmModel realm) {
        KeycloakContext context = session.getContext();
        RealmModel previous = context.getRealm();
        // The user profile provider works on the context's realm; an import or a realm creation runs in another.
        context.setRealm(realm);
        try {
            UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
            UPConfig config = profiles.getConfiguration();
            if (withDeclaration(config)) {
                profiles.setConfiguration(config);
                LOG.infof("Declared the account status attributes in the user profile of realm %s",
                        LogValues.escape(realm.getName()));
            }
        } finally {
            context.setRealm(previous);
        }
    }

    /** Brings {@code config} in line with the declaration; true when something had to change. */
    static boolean withDeclaration(UPConfig config) {
        boolean changed = false;
        if (config.getAttributes() == null) {
            config.setAttributes(new ArrayList<>());
        }
        List<UPGroup> groups = config.getGroups() == null ? new ArrayList<>() : new ArrayList<>(config.getGroups());
        UPGroup wantedGroup = group();
        UPGroup existing = groups.stream().filter(g -> GROUP.equals(g.getName())).findFirst().orElse(null);
        if (!Objects.equals(existing, wantedGroup)) {
            groups.remove(existing);
            groups.add(wantedGroup);
            config.setGroups(groups);
            changed = true;
        }
        List<UPAttribute> wanted = new ArrayList<>(DisabledAttributes.NAMES.stream().map(name -> attribute(name, Set.of())).toList());
        wanted.add(attribute(DisabledAttributes.REASON_TO_RECORD, Set.of(ADMIN)));
        for (UPAttribute attribute : wanted) {
            if (!attribute.equals(config.getAttribute(attribute.getName()))) {
                config.addOrReplaceAttribute(attribute);
                changed = true;
            }
        }
        return changed;
    }

    private static UPGroup group() {
        UPGroup group = new UPGroup(GROUP);
        group.setDisplayHeader(GROUP_HEADER);
        group.setDisplayDescription("Recorded when the account is deactivated; read-only. To give a reason from the "
                + "console, type it into \"Reason to record when deactivating\", save, then turn Enabled off.");
        return group;
    }

    /**
     * Viewable by admins; the record is editable by nobody (an empty edit set, on purpose), the reason to record by
     * admins, so the console shows it as a field to type into before the Enabled switch is turned off.
     */
    private static UPAttribute attribute(String name, Set<String> editors) {
        UPAttribute attribute = new UPAttribute(name, new UPAttributePermissions(Set.of(ADMIN), editors));
        attribute.setDisplayName(DISPLAY_NAMES.get(name));
        attribute.setAnnotations(new HashMap<>(ANNOTATIONS));
        attribute.setGroup(GROUP);
        return attribute;
    }
}
