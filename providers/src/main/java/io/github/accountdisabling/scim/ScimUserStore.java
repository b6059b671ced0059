package io.github.accountdisabling.scim;

import io.github.accountdisabling.account.DisabledAttributes;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Writes a {@link ScimUser}'s profile the way the admin console does: the user name, e-mail and names through
 * Keycloak's user profile (the realm's validators, uniqueness rules and attribute permissions apply), the password
 * through the credential manager (the realm's password policy applies). The account state is not written here:
 * that is the deactivation service's alone.
 */
final class ScimUserStore {

    static final String UNIQUENESS = "uniqueness";

    private final KeycloakSession session;
    private final RealmModel realm;

    ScimUserStore(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** A new, enabled user. */
    UserModel create(ScimUser draft) {
        checkManager(null, draft);
        ScimProfile.declare(session, realm);
        UserProfile profile = profiles().create(UserProfileContext.USER_API, profileAttributes(draft));
        validate(profile);
        UserModel user = profile.create();
        user.setEnabled(true);
        user.setLastModifiedTimestamp(user.getCreatedTimestamp());
        writeOwnAttributes(user, draft);
        writePassword(user, draft.password());
        return user;
    }

    void update(UserModel user, ScimUser draft) {
        checkManager(user, draft);
        ScimProfile.declare(session, realm);
        UserProfile profile = profiles().create(UserProfileContext.USER_API, profileAttributes(draft), user);
        validate(profile);
        profile.update(false);
        writeOwnAttributes(user, draft);
        writePassword(user, draft.password());
        user.setLastModifiedTimestamp(Time.currentTimeMillis());
    }

    private UserProfileProvider profiles() {
        return session.getProvider(UserProfileProvider.class);
    }

    private static Map<String, List<String>> profileAttributes(ScimUser draft) {
        Map<String, List<String>> attributes = new HashMap<>();
        attributes.put(UserModel.USERNAME, List.of(draft.userName()));
        attributes.put(UserModel.EMAIL, listOf(draft.email()));
        attributes.put(UserModel.FIRST_NAME, listOf(draft.givenName()));
        attributes.put(UserModel.LAST_NAME, listOf(draft.familyName()));
        return attributes;
    }

    private static List<String> listOf(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /**
     * The attributes Keycloak has no field for, through the user model: they are the SCIM client's, declared
     * read-only for the console (see {@link ScimProfile}).
     */
    private static void writeOwnAttributes(UserModel user, ScimUser draft) {
        write(user, ScimUser.EXTERNAL_ID_ATTRIBUTE, listOf(draft.externalId()));
        write(user, ScimUser.DISPLAY_NAME_ATTRIBUTE, listOf(draft.displayName()));
        for (ScimStoredAttribute attribute : ScimStoredAttribute.values()) {
            write(user, attribute.attribute, draft.stored().getOrDefault(attribute, List.of()));
        }
    }

    private static void write(UserModel user, String name, List<String> values) {
        if (Objects.equals(user.getAttributeStream(name).toList(), values)) {
            return;
        }
        if (values.isEmpty()) {
            user.removeAttribute(name);
        } else {
            user.setAttribute(name, values);
        }
    }

    /** A manager is a user of the realm SCIM shows, and not the user itself; checked when it changes. */
    private void checkManager(UserModel user, ScimUser draft) {
        String manager = draft.first(ScimStoredAttribute.MANAGER);
        if (manager == null || (user != null && manager.equals(user.getFirstAttribute(ScimStoredAttribute.MANAGER.attribute)))) {
            return;
        }
        if (user != null && manager.equals(user.getId())) {
            throw ScimException.badRequest(ScimException.INVALID_VALUE, "A user can't be its own manager.");
        }
        UserModel found = session.users().getUserById(realm, manager);
        if (found == null || found.getServiceAccountClientLink() != null || DisabledAttributes.removedByScim(found)) {
            throw ScimException.badRequest(ScimException.INVALID_VALUE, "'manager': no user " + manager + ".");
        }
    }

    private void writePassword(UserModel user, String password) {
        if (password == null) {
            return;
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException e) {
            throw ScimException.badRequest(ScimException.INVALID_VALUE,
                    "The password does not meet the realm's password policy: " + format(e.getMessage(), e.getParameters()));
        }
    }

    private void validate(UserProfile profile) {
        try {
            profile.validate();
        } catch (ValidationException e) {
            for (ValidationException.Error error : e.getErrors()) {
                if (Messages.USERNAME_EXISTS.equals(error.getMessage())) {
                    throw new ScimException(409, UNIQUENESS, usernameTaken(profile));
                }
                if (Messages.EMAIL_EXISTS.equals(error.getMessage())) {
                    throw new ScimException(409, UNIQUENESS, "A user with this e-mail address exists.");
                }
            }
            throw ScimException.badRequest(ScimException.INVALID_VALUE, e.getErrors().stream()
                    .map(error -> error.getAttribute() + ": " + format(error.getMessage(), error.getMessageParameters()))
                    .collect(Collectors.joining("; ")));
        }
    }

    /** Names the kept account when a SCIM DELETE removed it: an admin brings it back by reactivating it. */
    private String usernameTaken(UserProfile profile) {
        String username = profile.getAttributes().getFirst(UserModel.USERNAME);
        UserModel existing = username == null ? null : session.users().getUserByUsername(realm, username);
        if (existing != null && DisabledAttributes.removedByScim(existing)) {
            return "A user with this userName exists: account " + existing.getId() + " was removed by a SCIM DELETE "
                    + "and is kept deactivated; an administrator reactivates it to bring it back.";
        }
        return "A user with this userName exists.";
    }

    /** Keycloak's message for {@code key}, in English, with its parameters. */
    private String format(String key, Object[] parameters) {
        Properties messages = AdminRoot.getMessages(session, realm, "en");
        String pattern = messages.getProperty(key, key);
        try {
            return MessageFormat.format(pattern, parameters == null ? new Object[0] : parameters);
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }
}
