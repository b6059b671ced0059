package io.github.accountdisabling.scim;

import org.keycloak.models.UserModel;

/**
 * The writable part of a SCIM User as this endpoint stores it: a POST or PUT body, or the current user with a
 * PATCH's operations applied. {@code active} and {@code password} are {@code null} when the request leaves them
 * alone; a {@code null} text attribute is absent (removed).
 */
record ScimUser(String userName, String givenName, String familyName, String displayName, String email,
                String externalId, Boolean active, String password) {

    /** Where the SCIM client's own id for the user is kept: a user attribute, filterable. */
    static final String EXTERNAL_ID_ATTRIBUTE = "scimExternalId";
    /** A display name the client set; without one, the resource shows given and family name. */
    static final String DISPLAY_NAME_ATTRIBUTE = "scimDisplayName";

    static ScimUser of(UserModel user) {
        return new ScimUser(user.getUsername(), user.getFirstName(), user.getLastName(),
                user.getFirstAttribute(DISPLAY_NAME_ATTRIBUTE), user.getEmail(),
                user.getFirstAttribute(EXTERNAL_ID_ATTRIBUTE), user.isEnabled(), null);
    }

    ScimUser withUserName(String value) {
        return new ScimUser(value, givenName, familyName, displayName, email, externalId, active, password);
    }

    ScimUser withGivenName(String value) {
        return new ScimUser(userName, value, familyName, displayName, email, externalId, active, password);
    }

    ScimUser withFamilyName(String value) {
        return new ScimUser(userName, givenName, value, displayName, email, externalId, active, password);
    }

    ScimUser withDisplayName(String value) {
        return new ScimUser(userName, givenName, familyName, value, email, externalId, active, password);
    }

    ScimUser withEmail(String value) {
        return new ScimUser(userName, givenName, familyName, displayName, value, externalId, active, password);
    }

    ScimUser withExternalId(String value) {
        return new ScimUser(userName, givenName, familyName, displayName, email, value, active, password);
    }

    ScimUser withActive(Boolean value) {
        return new ScimUser(userName, givenName, familyName, displayName, email, externalId, value, password);
    }

    ScimUser withPassword(String value) {
        return new ScimUser(userName, givenName, familyName, displayName, email, externalId, active, value);
    }
}
