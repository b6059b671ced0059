package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.accountdisabling.scim.ScimException.INVALID_PATH;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.MUTABILITY;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * The User attributes this endpoint reads from requests, by SCIM path (case-insensitive, with or without the core
 * schema's URN): {@code userName}, {@code name.givenName}, {@code name.familyName}, {@code displayName},
 * {@code emails} / {@code emails[type eq "work"].value}, {@code externalId}, {@code password}, {@code active} and
 * the WSO2 extension's {@code accountDisabled}. Attributes of the core schema Keycloak has no place for (phone
 * numbers, addresses, title, …) and the enterprise extension are accepted and ignored, so a provisioning client's
 * default mappings don't fail; anything else is an invalid path.
 */
final class ScimPaths {

    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final String CORE_PREFIX = ScimJson.CORE_USER_SCHEMA.toLowerCase(Locale.ROOT) + ":";
    private static final String WSO2_DISABLED = ScimJson.WSO2_SCHEMA.toLowerCase(Locale.ROOT) + ":accountdisabled";
    private static final Set<String> IGNORED = Set.of("name.formatted", "name.middlename", "name.honorificprefix",
            "name.honorificsuffix", "nickname", "profileurl", "title", "usertype", "preferredlanguage", "locale",
            "timezone", "phonenumbers", "addresses", "ims", "photos", "entitlements", "roles", "x509certificates");
    private static final Set<String> READ_ONLY = Set.of("id", "meta", "schemas", "groups");
    /** {@code emails[type eq "work"].value}, the form Entra ID and Okta use. */
    private static final Pattern TYPED_EMAIL = Pattern.compile(
            "emails\\[\\s*type\\s+eq\\s+\"([^\"]*)\"\\s*]\\.value");

    private ScimPaths() {
    }

    /** {@code add} or {@code replace} of {@code value} at {@code path}. */
    static ScimUser set(ScimUser user, String path, JsonNode value) {
        String attribute = normalise(path);
        if (attribute.equals(WSO2_DISABLED)) {
            return user.withActive(!ScimPatch.bool(value, path));
        }
        if (ignored(attribute)) {
            return user;
        }
        Matcher typed = TYPED_EMAIL.matcher(attribute);
        if (typed.matches()) {
            // Keycloak keeps one e-mail address: the work one (or the client's only one).
            return typed.group(1).equals("work") ? user.withEmail(text(value, path)) : user;
        }
        return switch (attribute) {
            case "username" -> user.withUserName(required(text(value, path), path));
            case "name" -> name(user, value, path);
            case "name.givenname" -> user.withGivenName(text(value, path));
            case "name.familyname" -> user.withFamilyName(text(value, path));
            case "displayname" -> user.withDisplayName(text(value, path));
            case "emails" -> user.withEmail(email(value, path));
            case "externalid" -> user.withExternalId(text(value, path));
            case "password" -> user.withPassword(password(value, path));
            case "active" -> user.withActive(ScimPatch.bool(value, path));
            default -> throw READ_ONLY.contains(head(attribute))
                    ? badRequest(MUTABILITY, "'" + path + "' is read-only.")
                    : badRequest(INVALID_PATH, "Unknown attribute path '" + path + "'.");
        };
    }

    /** {@code remove} of {@code path}. */
    static ScimUser remove(ScimUser user, String path) {
        String attribute = normalise(path);
        if (ignored(attribute)) {
            return user;
        }
        Matcher typed = TYPED_EMAIL.matcher(attribute);
        if (typed.matches()) {
            return typed.group(1).equals("work") ? user.withEmail(null) : user;
        }
        return switch (attribute) {
            case "name" -> user.withGivenName(null).withFamilyName(null);
            case "name.givenname" -> user.withGivenName(null);
            case "name.familyname" -> user.withFamilyName(null);
            case "displayname" -> user.withDisplayName(null);
            case "emails" -> user.withEmail(null);
            case "externalid" -> user.withExternalId(null);
            case "active" -> throw badRequest(MUTABILITY, "'" + path
                    + "' can't be removed: an account is always either active or disabled.");
            default -> {
                if (attribute.equals(WSO2_DISABLED)) {
                    throw badRequest(MUTABILITY, "'" + path
                            + "' can't be removed: an account is always either active or disabled.");
                }
                throw READ_ONLY.contains(head(attribute)) || attribute.equals("username") || attribute.equals("password")
                        ? badRequest(MUTABILITY, "'" + path + "' can't be removed.")
                        : badRequest(INVALID_PATH, "Unknown attribute path '" + path + "'.");
            }
        };
    }

    /**
     * Every attribute of a User object: a PATCH without {@code path}, or a POST or PUT body. Read-only attributes
     * (id, meta, schemas, groups) are skipped, as RFC 7644 §3.5.1 asks; {@code skip} names attributes the caller
     * reads itself.
     */
    static ScimUser setAll(ScimUser user, JsonNode object, Set<String> skip) {
        if (!object.isObject()) {
            throw badRequest(INVALID_VALUE, "Without a 'path', 'value' must be an object of attributes.");
        }
        ScimUser result = user;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String lower = normalise(name);
            if (skip.contains(lower) || READ_ONLY.contains(lower)) {
                continue;
            }
            if (lower.equals(ScimJson.WSO2_SCHEMA.toLowerCase(Locale.ROOT))) {
                result = wso2(result, field.getValue());
            } else if (lower.startsWith("urn:")) {
                // The enterprise extension and any other extension object: nothing of it is stored.
                continue;
            } else if (field.getValue().isNull()) {
                result = remove(result, name);
            } else {
                result = set(result, name, field.getValue());
            }
        }
        return result;
    }

    private static ScimUser wso2(ScimUser user, JsonNode extension) {
        if (!extension.isObject()) {
            throw badRequest(INVALID_VALUE, "'" + ScimJson.WSO2_SCHEMA + "' must be an object.");
        }
        ScimUser result = user;
        for (Iterator<Map.Entry<String, JsonNode>> inner = extension.fields(); inner.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = inner.next();
            result = set(result, ScimJson.WSO2_SCHEMA + ":" + attribute.getKey(), attribute.getValue());
        }
        return result;
    }

    static String normalise(String path) {
        String lower = path.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith(CORE_PREFIX) ? lower.substring(CORE_PREFIX.length()) : lower;
    }

    private static String head(String attribute) {
        return attribute.split("[.\\[]", 2)[0];
    }

    private static boolean ignored(String attribute) {
        return IGNORED.contains(attribute) || IGNORED.contains(head(attribute))
                || attribute.startsWith(ENTERPRISE_SCHEMA.toLowerCase(Locale.ROOT));
    }

    private static ScimUser name(ScimUser user, JsonNode value, String path) {
        if (!value.isObject()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be an object.");
        }
        ScimUser result = user;
        for (Iterator<Map.Entry<String, JsonNode>> parts = value.fields(); parts.hasNext(); ) {
            Map.Entry<String, JsonNode> part = parts.next();
            String sub = "name." + part.getKey();
            result = part.getValue().isNull() ? remove(result, sub) : set(result, sub, part.getValue());
        }
        return result;
    }

    /** The primary address, else the work one, else the first; an empty list removes the address. */
    private static String email(JsonNode value, String path) {
        if (!value.isArray()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be an array of {\"value\", \"type\", \"primary\"}.");
        }
        JsonNode chosen = null;
        for (JsonNode entry : value) {
            if (!entry.isObject() || !entry.path("value").isTextual()) {
                throw badRequest(INVALID_VALUE, "Each of '" + path + "' needs a string 'value'.");
            }
            boolean primary = entry.path("primary").asBoolean(false)
                    || "true".equalsIgnoreCase(entry.path("primary").asText());
            if (primary) {
                return entry.get("value").textValue();
            }
            if (chosen == null || ("work".equals(entry.path("type").asText()) && !"work".equals(chosen.path("type").asText()))) {
                chosen = entry;
            }
        }
        return chosen == null ? null : chosen.get("value").textValue();
    }

    private static String text(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be a string.");
        }
        String text = value.textValue().strip();
        return text.isEmpty() ? null : text;
    }

    /** As sent: a password's spaces are part of it. */
    private static String password(JsonNode value, String path) {
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be a non-empty string.");
        }
        return value.textValue();
    }

    private static String required(String value, String path) {
        if (value == null) {
            throw badRequest(INVALID_VALUE, "'" + path + "' may not be empty.");
        }
        return value;
    }
}
