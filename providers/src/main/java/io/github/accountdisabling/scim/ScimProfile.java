package io.github.accountdisabling.scim;

import io.github.accountdisabling.support.LogValues;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declares the user attributes the SCIM endpoint keeps ({@link ScimStoredAttribute}, the external id and display
 * name) in the realm's user profile, in the group "Provisioned by SCIM": admins see them on the user's page and in
 * the admin API, Keycloak's own mappers put them into tokens, and Keycloak's own SCIM endpoint reads the
 * single-valued ones through its {@code kc.scim.schema.attribute} annotation. Nobody edits them in the console: the
 * provisioning client owns them. An attribute the operator declared already is left as it is.
 *
 * <p>Declared on the first SCIM write of a realm, not when the pack is installed, so realms that don't provision
 * through SCIM keep their user page as it was.
 */
final class ScimProfile {

    static final String GROUP = "scim";
    static final String KEYCLOAK_SCIM_ANNOTATION = "kc.scim.schema.attribute";

    private static final Logger LOG = Logger.getLogger(ScimProfile.class);
    private static final String ADMIN = "admin";
    private static final String RECORDED_BY = "accountDisabling.recordedBy";

    private ScimProfile() {
    }

    /**
     * Adds what is missing. The realm's row is locked before the configuration is read again and written, so two
     * first writes at once (or two nodes) don't both rewrite it.
     */
    static void declare(KeycloakSession session, RealmModel realm) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        if (!missing(profiles.getConfiguration())) {
            return;
        }
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .find(RealmEntity.class, realm.getId(), LockModeType.PESSIMISTIC_WRITE);
        UPConfig config = profiles.getConfiguration();
        if (withDeclaration(config)) {
            profiles.setConfiguration(config);
            LOG.infof("Declared the SCIM attributes in the user profile of realm %s", LogValues.escape(realm.getName()));
        }
    }

    static boolean missing(UPConfig config) {
        return wanted().keySet().stream().anyMatch(name -> config.getAttribute(name) == null)
                || config.getGroups() == null || config.getGroups().stream().noneMatch(g -> GROUP.equals(g.getName()));
    }

    static boolean withDeclaration(UPConfig config) {
        boolean changed = false;
        if (config.getAttributes() == null) {
            config.setAttributes(new ArrayList<>());
        }
        List<UPGroup> groups = config.getGroups() == null ? new ArrayList<>() : new ArrayList<>(config.getGroups());
        if (groups.stream().noneMatch(g -> GROUP.equals(g.getName()))) {
            UPGroup group = new UPGroup(GROUP);
            group.setDisplayHeader("Provisioned by SCIM");
            group.setDisplayDescription("Written by the SCIM client through /scim2; read-only here.");
            groups.add(group);
            config.setGroups(groups);
            changed = true;
        }
        for (Map.Entry<String, UPAttribute> entry : wanted().entrySet()) {
            if (config.getAttribute(entry.getKey()) == null) {
                config.addOrReplaceAttribute(entry.getValue());
                changed = true;
            }
        }
        return changed;
    }

    /** By Keycloak attribute name, in the order the user page shows them. */
    private static Map<String, UPAttribute> wanted() {
        Map<String, UPAttribute> wanted = new LinkedHashMap<>();
        wanted.put(ScimUser.EXTERNAL_ID_ATTRIBUTE, attribute(ScimUser.EXTERNAL_ID_ATTRIBUTE, "External id", "externalId", false));
        wanted.put(ScimUser.DISPLAY_NAME_ATTRIBUTE, attribute(ScimUser.DISPLAY_NAME_ATTRIBUTE, "Display name", "displayName", false));
        for (ScimStoredAttribute stored : ScimStoredAttribute.values()) {
            boolean multiValued = stored.kind == ScimStoredAttribute.Kind.MULTI_VALUED;
            // Keycloak's SCIM reads single values only; the JSON lists are the pack's own.
            wanted.put(stored.attribute, attribute(stored.attribute, stored.displayName,
                    multiValued ? null : stored.keycloakScimName(), multiValued));
        }
        return wanted;
    }

    private static UPAttribute attribute(String name, String displayName, String keycloakScimName, boolean multiValued) {
        UPAttribute attribute = new UPAttribute(name, new UPAttributePermissions(Set.of(ADMIN), Set.of()));
        attribute.setDisplayName(displayName);
        attribute.setGroup(GROUP);
        attribute.setMultivalued(multiValued);
        Map<String, Object> annotations = new HashMap<>();
        annotations.put(RECORDED_BY, "keycloak-account-disabling");
        if (keycloakScimName != null) {
            annotations.put(KEYCLOAK_SCIM_ANNOTATION, keycloakScimName);
        }
        attribute.setAnnotations(annotations);
        return attribute;
    }
}
