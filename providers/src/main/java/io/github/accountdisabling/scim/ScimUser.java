package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.UserModel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The writable part of a SCIM User as this endpoint stores it: a POST or PUT body, or the current user with a
 * PATCH's operations applied. {@code active} and {@code password} are {@code null} when the request leaves them
 * alone; a {@code null} text attribute is absent (removed). {@code stored} holds the {@link ScimStoredAttribute}s
 * present, as the user attributes' values; one not in it is absent.
 */
record ScimUser(String userName, String givenName, String familyName, String displayName, String email,
                String externalId, Boolean active, String password, Map<ScimStoredAttribute, List<String>> stored) {

    /** Where the SCIM client's own id for the user is kept: a user attribute, filterable. */
    static final String EXTERNAL_ID_ATTRIBUTE = "scimExternalId";
    /** A display name the client set; without one, the resource shows given and family name. */
    static final String DISPLAY_NAME_ATTRIBUTE = "scimDisplayName";

    ScimUser {
        stored = stored.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(stored));
    }

    ScimUser(String userName, String givenName, String familyName, String displayName, String email,
             String externalId, Boolean active, String password) {
        this(userName, givenName, familyName, displayName, email, externalId, active, password, Map.of());
    }

    static ScimUser empty() {
        return new ScimUser(null, null, null, null, null, null, null, null);
    }

    static ScimUser of(UserModel user) {
        Map<ScimStoredAttribute, List<String>> stored = new EnumMap<>(ScimStoredAttribute.class);
        Map<String, List<String>> attributes = user.getAttributes();
        for (ScimStoredAttribute attribute : ScimStoredAttribute.values()) {
            List<String> values = attributes.get(attribute.attribute);
            if (values != null && !values.isEmpty()) {
                stored.put(attribute, List.copyOf(values));
            }
        }
        return new ScimUser(user.getUsername(), user.getFirstName(), user.getLastName(),
                user.getFirstAttribute(DISPLAY_NAME_ATTRIBUTE), user.getEmail(),
                user.getFirstAttribute(EXTERNAL_ID_ATTRIBUTE), user.isEnabled(), null, stored);
    }

    ScimUser withUserName(String value) {
        return new ScimUser(value, givenName, familyName, displayName, email, externalId, active, password, stored);
    }

    ScimUser withGivenName(String value) {
        return new ScimUser(userName, value, familyName, displayName, email, externalId, active, password, stored);
    }

    ScimUser withFamilyName(String value) {
        return new ScimUser(userName, givenName, value, displayName, email, externalId, active, password, stored);
    }

    ScimUser withDisplayName(String value) {
        return new ScimUser(userName, givenName, familyName, value, email, externalId, active, password, stored);
    }

    ScimUser withEmail(String value) {
        return new ScimUser(userName, givenName, familyName, displayName, value, externalId, active, password, stored);
    }

    ScimUser withExternalId(String value) {
        return new ScimUser(userName, givenName, familyName, displayName, email, value, active, password, stored);
    }

    ScimUser withActive(Boolean value) {
        return new ScimUser(userName, givenName, familyName, displayName, email, externalId, value, password, stored);
    }

    ScimUser withPassword(String value) {
        return new ScimUser(userName, givenName, familyName, displayName, email, externalId, active, value, stored);
    }

    /** An empty list removes the attribute. */
    ScimUser withStored(ScimStoredAttribute attribute, List<String> values) {
        Map<ScimStoredAttribute, List<String>> changed = new EnumMap<>(ScimStoredAttribute.class);
        changed.putAll(stored);
        if (values == null || values.isEmpty()) {
            changed.remove(attribute);
        } else {
            changed.put(attribute, List.copyOf(values));
        }
        return new ScimUser(userName, givenName, familyName, displayName, email, externalId, active, password, changed);
    }

    String first(ScimStoredAttribute attribute) {
        List<String> values = stored.get(attribute);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every e-mail address, Keycloak's own field as the primary. */
    List<ObjectNode> emails() {
        return ScimMultiValued.emails(email, stored.getOrDefault(ScimStoredAttribute.EMAILS, List.of()));
    }

    ScimUser withEmails(List<ObjectNode> emails) {
        return withEmail(ScimMultiValued.keycloakEmail(emails))
                .withStored(ScimStoredAttribute.EMAILS, ScimMultiValued.storedEmails(emails));
    }

    List<ObjectNode> values(ScimStoredAttribute attribute) {
        return attribute == ScimStoredAttribute.EMAILS ? emails()
                : ScimMultiValued.load(stored.getOrDefault(attribute, List.of()));
    }

    ScimUser withValues(ScimStoredAttribute attribute, List<ObjectNode> values) {
        return attribute == ScimStoredAttribute.EMAILS ? withEmails(values)
                : withStored(attribute, ScimMultiValued.store(values));
    }
}
