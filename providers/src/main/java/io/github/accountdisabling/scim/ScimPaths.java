package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.github.accountdisabling.scim.ScimException.INVALID_PATH;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.MUTABILITY;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * The User attributes this endpoint reads from requests, by SCIM path (case-insensitive, with or without the core
 * schema's URN): {@code userName}, {@code name} and its parts, {@code displayName}, {@code externalId},
 * {@code password}, {@code active}, the WSO2 extension's {@code accountDisabled}, and every
 * {@link ScimStoredAttribute} (the other core attributes Keycloak can hold and the enterprise extension), including
 * filtered targets such as {@code phoneNumbers[type eq "work"].value}. Anything else is refused, never dropped:
 * an invalid path, or a mutability error for the read-only attributes.
 */
final class ScimPaths {

    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final String CORE_PREFIX = ScimJson.CORE_USER_SCHEMA.toLowerCase(Locale.ROOT) + ":";
    private static final String WSO2_DISABLED = ScimJson.WSO2_SCHEMA.toLowerCase(Locale.ROOT) + ":accountdisabled";
    private static final String ENTERPRISE = ENTERPRISE_SCHEMA.toLowerCase(Locale.ROOT);
    private static final String MANAGER_VALUE = ScimStoredAttribute.MANAGER.fullPath().toLowerCase(Locale.ROOT) + ".value";
    private static final Set<String> READ_ONLY = Set.of("id", "meta", "schemas", "groups");
    /** Core attributes Keycloak has no use for: an empty value (Entra ID sends {@code "roles": []}) is no data. */
    private static final Set<String> NOT_KEPT = Set.of("ims", "photos", "entitlements", "roles", "x509certificates");

    private ScimPaths() {
    }

    /** {@code replace} of {@code value} at {@code path}. */
    static ScimUser set(ScimUser user, String path, JsonNode value) {
        return set(user, path, value, false);
    }

    /** {@code add} ({@code add} true: values are appended to a multi-valued attribute) or {@code replace}. */
    static ScimUser set(ScimUser user, String path, JsonNode value, boolean add) {
        String attribute = normalise(path);
        if (attribute.equals(WSO2_DISABLED)) {
            return user.withActive(!ScimPatch.bool(value, path));
        }
        if (attribute.equals(ENTERPRISE)) {
            return enterprise(user, value, path, add);
        }
        if (attribute.equals(MANAGER_VALUE)) {
            return withManager(user, text(value, path));
        }
        Optional<ScimMultiValued.Target> target = ScimMultiValued.target(stripCore(path));
        if (target.isPresent()) {
            return multiValued(user, target.get(), value, path, add);
        }
        Optional<ScimStoredAttribute> stored = ScimStoredAttribute.byPath(attribute);
        if (stored.isPresent()) {
            return stored.get().kind == ScimStoredAttribute.Kind.MANAGER
                    ? withManager(user, manager(value, path))
                    : user.withStored(stored.get(), listOf(text(value, path)));
        }
        return switch (attribute) {
            case "username" -> user.withUserName(required(text(value, path), path));
            case "name" -> name(user, value, path, add);
            case "name.givenname" -> user.withGivenName(text(value, path));
            case "name.familyname" -> user.withFamilyName(text(value, path));
            case "displayname" -> user.withDisplayName(text(value, path));
            case "externalid" -> user.withExternalId(text(value, path));
            case "password" -> user.withPassword(password(value, path));
            case "active" -> user.withActive(ScimPatch.bool(value, path));
            default -> {
                if (NOT_KEPT.contains(attribute) && value.isArray() && value.isEmpty()) {
                    yield user;
                }
                throw unknown(attribute, path);
            }
        };
    }

    /** {@code remove} of {@code path}. */
    static ScimUser remove(ScimUser user, String path) {
        String attribute = normalise(path);
        if (attribute.equals("active") || attribute.equals(WSO2_DISABLED)) {
            throw badRequest(MUTABILITY, "'" + path
                    + "' can't be removed: an account is always either active or disabled.");
        }
        if (attribute.equals(ENTERPRISE)) {
            return removeAll(user, ScimStoredAttribute.Schema.ENTERPRISE, "");
        }
        if (attribute.equals(MANAGER_VALUE)) {
            return user.withStored(ScimStoredAttribute.MANAGER, List.of());
        }
        Optional<ScimMultiValued.Target> target = ScimMultiValued.target(stripCore(path));
        if (target.isPresent()) {
            ScimStoredAttribute stored = stored(target.get().definition());
            return user.withValues(stored, ScimMultiValued.remove(target.get(), user.values(stored)));
        }
        Optional<ScimStoredAttribute> stored = ScimStoredAttribute.byPath(attribute);
        if (stored.isPresent()) {
            return user.withStored(stored.get(), List.of());
        }
        return switch (attribute) {
            case "name" -> removeAll(user.withGivenName(null).withFamilyName(null), ScimStoredAttribute.Schema.CORE,
                    "name.");
            case "name.givenname" -> user.withGivenName(null);
            case "name.familyname" -> user.withFamilyName(null);
            case "displayname" -> user.withDisplayName(null);
            case "externalid" -> user.withExternalId(null);
            case "username", "password" -> throw badRequest(MUTABILITY, "'" + path + "' can't be removed.");
            default -> {
                if (NOT_KEPT.contains(head(attribute))) {
                    yield user; // never stored, so already absent
                }
                throw unknown(attribute, path);
            }
        };
    }

    /**
     * Every attribute of a User object: a PATCH without {@code path}, or a POST or PUT body. Read-only attributes
     * (id, meta, schemas, groups) are skipped, as RFC 7644 §3.5.1 asks; {@code skip} names attributes the caller
     * reads itself.
     */
    static ScimUser setAll(ScimUser user, JsonNode object, Set<String> skip) {
        return setAll(user, object, skip, false);
    }

    static ScimUser setAll(ScimUser user, JsonNode object, Set<String> skip, boolean add) {
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
            } else if (field.getValue().isNull()) {
                result = remove(result, name);
            } else {
                result = set(result, name, field.getValue(), add);
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

    /** The enterprise extension as one object: each attribute set, or removed where it is null. */
    private static ScimUser enterprise(ScimUser user, JsonNode extension, String path, boolean add) {
        if (!extension.isObject()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be an object.");
        }
        ScimUser result = user;
        for (Iterator<Map.Entry<String, JsonNode>> inner = extension.fields(); inner.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = inner.next();
            String sub = ENTERPRISE_SCHEMA + ":" + attribute.getKey();
            if (ScimStoredAttribute.byPath(normalise(sub)).isEmpty()) {
                throw badRequest(INVALID_PATH, "The enterprise extension has no attribute '" + attribute.getKey() + "'.");
            }
            result = attribute.getValue().isNull() ? remove(result, sub) : set(result, sub, attribute.getValue(), add);
        }
        return result;
    }

    private static ScimUser removeAll(ScimUser user, ScimStoredAttribute.Schema schema, String prefix) {
        ScimUser result = user;
        for (ScimStoredAttribute stored : ScimStoredAttribute.values()) {
            if (stored.schema == schema && stored.path.startsWith(prefix) && stored.kind != ScimStoredAttribute.Kind.MULTI_VALUED) {
                result = result.withStored(stored, List.of());
            }
        }
        return result;
    }

    private static ScimUser multiValued(ScimUser user, ScimMultiValued.Target target, JsonNode value, String path,
                                        boolean add) {
        ScimStoredAttribute stored = stored(target.definition());
        List<ObjectNode> current = user.values(stored);
        List<ObjectNode> result;
        if (target.match() != null) {
            result = ScimMultiValued.set(target, current, value, path);
        } else if (add) {
            result = ScimMultiValued.add(target.definition(), current, value, path);
        } else {
            result = ScimMultiValued.read(target.definition(), value, path);
        }
        return user.withValues(stored, result);
    }

    private static ScimStoredAttribute stored(ScimMultiValued.Definition definition) {
        return ScimStoredAttribute.byPath(definition.name().toLowerCase(Locale.ROOT)).orElseThrow();
    }

    /** {@code {"value": "<user id>"}} as RFC 7643 §4.3 has it, or the bare id Entra ID sends. */
    private static String manager(JsonNode value, String path) {
        if (value.isTextual()) {
            return text(value, path);
        }
        if (!value.isObject()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be {\"value\": \"<user id>\"}.");
        }
        String id = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey().toLowerCase(Locale.ROOT)) {
                case "value" -> id = text(field.getValue(), path + ".value");
                case "$ref", "displayname" -> {
                    // read-only sub-attributes, skipped as RFC 7644 §3.5.1 asks
                }
                default -> throw badRequest(INVALID_VALUE, "'" + path + "' has no sub-attribute '" + field.getKey() + "'.");
            }
        }
        return id;
    }

    private static ScimUser withManager(ScimUser user, String id) {
        return user.withStored(ScimStoredAttribute.MANAGER, listOf(id));
    }

    private static ScimException unknown(String attribute, String path) {
        if (NOT_KEPT.contains(head(attribute))) {
            return badRequest(INVALID_PATH, "'" + path + "' is not kept by this endpoint (it keeps what its /Schemas "
                    + "lists); leave it out rather than have it dropped.");
        }
        return READ_ONLY.contains(head(attribute))
                ? badRequest(MUTABILITY, "'" + path + "' is read-only.")
                : badRequest(INVALID_PATH, "Unknown attribute path '" + path + "'; this endpoint keeps the attributes "
                + "its /Schemas lists and refuses others rather than dropping them.");
    }

    /** The path without the core schema's URN, in the client's case. */
    private static String stripCore(String path) {
        String trimmed = path.trim();
        return trimmed.toLowerCase(Locale.ROOT).startsWith(CORE_PREFIX) ? trimmed.substring(CORE_PREFIX.length()) : trimmed;
    }

    static String normalise(String path) {
        String lower = path.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith(CORE_PREFIX) ? lower.substring(CORE_PREFIX.length()) : lower;
    }

    private static String head(String attribute) {
        return attribute.split("[.\\[]", 2)[0];
    }

    private static ScimUser name(ScimUser user, JsonNode value, String path, boolean add) {
        if (!value.isObject()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be an object.");
        }
        ScimUser result = user;
        for (Iterator<Map.Entry<String, JsonNode>> parts = value.fields(); parts.hasNext(); ) {
            Map.Entry<String, JsonNode> part = parts.next();
            String sub = "name." + part.getKey();
            result = part.getValue().isNull() ? remove(result, sub) : set(result, sub, part.getValue(), add);
        }
        return result;
    }

    private static String text(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be a string.");
        }
        String text = value.textValue().strip();
        return text.isEmpty() ? null : noNul(text, path);
    }

    /** PostgreSQL's text can't hold NUL: refused here rather than failing the write. */
    static String noNul(String text, String path) {
        if (text.indexOf('\u0000') >= 0) {
            throw badRequest(INVALID_VALUE, "'" + path + "' may not contain NUL.");
        }
        return text;
    }

    /** As sent: a password's spaces are part of it. */
    private static String password(JsonNode value, String path) {
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be a non-empty string.");
        }
        return value.textValue();
    }

    private static List<String> listOf(String value) {
        return value == null ? List.of() : List.of(value);
    }

    private static String required(String value, String path) {
        if (value == null) {
            throw badRequest(INVALID_VALUE, "'" + path + "' may not be empty.");
        }
        return value;
    }
}
