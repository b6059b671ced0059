package io.github.accountdisabling.scim;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The User attributes of RFC 7643 §4.1 and the enterprise extension (§4.3) that Keycloak has no field for, each
 * kept in one user attribute that {@link ScimProfile} declares in the realm's user profile. Where Keycloak's
 * {@code profile} client scope already maps an attribute into tokens ({@code middleName}, {@code nickname},
 * {@code zoneinfo}) its name is used. Multi-valued complex attributes keep one JSON object per value.
 */
enum ScimStoredAttribute {

    FORMATTED_NAME(Schema.CORE, "name.formatted", "scimFormattedName", Kind.TEXT, "Full name as sent"),
    MIDDLE_NAME(Schema.CORE, "name.middleName", "middleName", Kind.TEXT, "Middle name"),
    HONORIFIC_PREFIX(Schema.CORE, "name.honorificPrefix", "honorificPrefix", Kind.TEXT, "Honorific prefix"),
    HONORIFIC_SUFFIX(Schema.CORE, "name.honorificSuffix", "honorificSuffix", Kind.TEXT, "Honorific suffix"),
    NICK_NAME(Schema.CORE, "nickName", "nickname", Kind.TEXT, "Nickname"),
    PROFILE_URL(Schema.CORE, "profileUrl", "profileUrl", Kind.TEXT, "Profile URL"),
    TITLE(Schema.CORE, "title", "title", Kind.TEXT, "Title"),
    USER_TYPE(Schema.CORE, "userType", "userType", Kind.TEXT, "User type"),
    PREFERRED_LANGUAGE(Schema.CORE, "preferredLanguage", "preferredLanguage", Kind.TEXT, "Preferred language"),
    /** Keycloak's own {@code locale} is the login pages' language, so SCIM's is kept apart. */
    LOCALE(Schema.CORE, "locale", "scimLocale", Kind.TEXT, "Locale"),
    TIMEZONE(Schema.CORE, "timezone", "zoneinfo", Kind.TEXT, "Time zone"),
    /** The other addresses; Keycloak's e-mail field holds the primary one. */
    EMAILS(Schema.CORE, "emails", "scimEmails", Kind.MULTI_VALUED, "E-mail addresses (JSON)"),
    PHONE_NUMBERS(Schema.CORE, "phoneNumbers", "scimPhoneNumbers", Kind.MULTI_VALUED, "Phone numbers (JSON)"),
    ADDRESSES(Schema.CORE, "addresses", "scimAddresses", Kind.MULTI_VALUED, "Addresses (JSON)"),
    EMPLOYEE_NUMBER(Schema.ENTERPRISE, "employeeNumber", "employeeNumber", Kind.TEXT, "Employee number"),
    COST_CENTER(Schema.ENTERPRISE, "costCenter", "costCenter", Kind.TEXT, "Cost center"),
    ORGANIZATION(Schema.ENTERPRISE, "organization", "organization", Kind.TEXT, "Organization"),
    DIVISION(Schema.ENTERPRISE, "division", "division", Kind.TEXT, "Division"),
    DEPARTMENT(Schema.ENTERPRISE, "department", "department", Kind.TEXT, "Department"),
    /** The manager's SCIM id (Keycloak user id). */
    MANAGER(Schema.ENTERPRISE, "manager", "manager", Kind.MANAGER, "Manager (user id)");

    enum Schema { CORE, ENTERPRISE }

    enum Kind { TEXT, MULTI_VALUED, MANAGER }

    final Schema schema;
    /** The path in its schema: {@code title}, {@code name.middleName}, {@code employeeNumber}. */
    final String path;
    /** The Keycloak user attribute. */
    final String attribute;
    final Kind kind;
    final String displayName;

    ScimStoredAttribute(Schema schema, String path, String attribute, Kind kind, String displayName) {
        this.schema = schema;
        this.path = path;
        this.attribute = attribute;
        this.kind = kind;
        this.displayName = displayName;
    }

    /** The path with the enterprise URN where the attribute is the extension's, as filters and PATCH name it. */
    String fullPath() {
        return schema == Schema.ENTERPRISE ? ScimPaths.ENTERPRISE_SCHEMA + ":" + path : path;
    }

    /** The name Keycloak's own SCIM endpoint reads from the {@code kc.scim.schema.attribute} annotation. */
    String keycloakScimName() {
        return kind == Kind.MANAGER ? fullPath() + ".value" : fullPath();
    }

    /** Filterable in the database: the single-valued ones (the JSON lists are not). */
    boolean filterable() {
        return kind != Kind.MULTI_VALUED;
    }

    /** By a path already lower-cased and stripped of the core URN. */
    static Optional<ScimStoredAttribute> byPath(String lowerPath) {
        return Arrays.stream(values())
                .filter(stored -> stored.fullPath().toLowerCase(Locale.ROOT).equals(lowerPath))
                .findFirst();
    }
}
