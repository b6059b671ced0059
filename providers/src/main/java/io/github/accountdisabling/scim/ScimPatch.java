package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.github.accountdisabling.scim.ScimException.INVALID_PATH;
import static io.github.accountdisabling.scim.ScimException.INVALID_SYNTAX;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.MUTABILITY;
import static io.github.accountdisabling.scim.ScimException.NO_TARGET;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * Reads a SCIM PatchOp. Every operation is checked before any is applied, so a request is applied whole or not
 * at all; the result is the {@code active} value the operations leave, in order (the last one wins).
 * This endpoint changes the account's state only: the profile attributes are read-only here (as /Schemas says).
 */
final class ScimPatch {

    static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static final Set<String> READ_ONLY = Set.of("id", "externalid", "meta", "schemas", "username", "name",
            "displayname", "emails", "groups", "password", "nickname", "title", "phonenumbers", "addresses",
            "locale", "timezone", "usertype", "roles", "entitlements", "x509certificates", "ims", "photos",
            "profileurl", "preferredlanguage");

    private ScimPatch() {
    }

    /** @return the {@code active} value after all operations, or empty when they don't touch it */
    static Optional<Boolean> wantedActive(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw badRequest(INVALID_SYNTAX, "The request body must be a JSON object.");
        }
        if (!ScimJson.hasSchema(body, PATCH_OP_SCHEMA)) {
            throw badRequest(INVALID_SYNTAX, "'schemas' must contain " + PATCH_OP_SCHEMA + ".");
        }
        JsonNode operations = body.get("Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw badRequest(INVALID_SYNTAX, "'Operations' must be a non-empty array.");
        }
        Optional<Boolean> active = Optional.empty();
        for (JsonNode operation : operations) {
            Optional<Boolean> result = apply(operation);
            if (result.isPresent()) {
                active = result;
            }
        }
        return active;
    }

    private static Optional<Boolean> apply(JsonNode operation) {
        if (!operation.isObject() || !operation.path("op").isTextual()) {
            throw badRequest(INVALID_SYNTAX, "Each operation needs an 'op'.");
        }
        String op = operation.get("op").textValue().toLowerCase(Locale.ROOT);
        JsonNode pathNode = operation.get("path");
        if (pathNode != null && !pathNode.isNull() && !pathNode.isTextual()) {
            throw badRequest(INVALID_PATH, "'path' must be a string.");
        }
        String path = pathNode == null || pathNode.isNull() ? null : pathNode.textValue().trim();
        JsonNode value = operation.get("value");
        switch (op) {
            case "add", "replace" -> {
                if (value == null || value.isNull()) {
                    throw badRequest(INVALID_VALUE, "'" + op + "' needs a 'value'.");
                }
                return path == null || path.isEmpty() ? fromValueObject(value) : Optional.of(atPath(path, value));
            }
            case "remove" -> {
                if (path == null || path.isEmpty()) {
                    throw badRequest(NO_TARGET, "'remove' needs a 'path'.");
                }
                Target target = target(path);
                throw badRequest(MUTABILITY, "'" + path + "' can't be removed" + (target == Target.STATE
                        ? ": an account is always either active or disabled." : "."));
            }
            default -> throw badRequest(INVALID_SYNTAX, "Unknown op '" + operation.get("op").textValue()
                    + "'; use add, replace or remove.");
        }
    }

    private enum Target { ACTIVE, ACCOUNT_DISABLED, STATE, READ_ONLY }

    private static Target target(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.equals("active") || lower.equals(ScimJson.CORE_USER_SCHEMA.toLowerCase(Locale.ROOT) + ":active")) {
            return Target.ACTIVE;
        }
        if (lower.equals(ScimJson.WSO2_SCHEMA.toLowerCase(Locale.ROOT) + ":accountdisabled")) {
            return Target.ACCOUNT_DISABLED;
        }
        String attribute = lower.startsWith(ScimJson.CORE_USER_SCHEMA.toLowerCase(Locale.ROOT) + ":")
                ? lower.substring(ScimJson.CORE_USER_SCHEMA.length() + 1) : lower;
        String head = attribute.split("[.\\[]", 2)[0];
        if (READ_ONLY.contains(head)) {
            return Target.READ_ONLY;
        }
        throw badRequest(INVALID_PATH, "Unknown attribute path '" + path + "'.");
    }

    private static boolean atPath(String path, JsonNode value) {
        return switch (target(path)) {
            case ACTIVE -> bool(value, path);
            case ACCOUNT_DISABLED -> !bool(value, path);
            default -> throw badRequest(MUTABILITY, "'" + path + "' is read-only on this endpoint.");
        };
    }

    /** The path-less form: {@code {"active": false}} or {@code {"urn:scim:wso2:schema": {"accountDisabled": true}}}. */
    private static Optional<Boolean> fromValueObject(JsonNode value) {
        if (!value.isObject()) {
            throw badRequest(INVALID_VALUE, "Without a 'path', 'value' must be an object of attributes.");
        }
        Optional<Boolean> active = Optional.empty();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equalsIgnoreCase(ScimJson.WSO2_SCHEMA)) {
                JsonNode extension = field.getValue();
                if (!extension.isObject()) {
                    throw badRequest(INVALID_VALUE, "'" + ScimJson.WSO2_SCHEMA + "' must be an object.");
                }
                for (Iterator<Map.Entry<String, JsonNode>> inner = extension.fields(); inner.hasNext(); ) {
                    Map.Entry<String, JsonNode> attribute = inner.next();
                    active = Optional.of(atPath(ScimJson.WSO2_SCHEMA + ":" + attribute.getKey(), attribute.getValue()));
                }
            } else if (name.equalsIgnoreCase("schemas")) {
                continue;
            } else {
                active = Optional.of(atPath(name, field.getValue()));
            }
        }
        return active;
    }

    /** SCIM booleans, also as the strings {@code "True"}/{@code "False"} some clients send. */
    static boolean bool(JsonNode value, String path) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw badRequest(INVALID_VALUE, "'" + path + "' must be a boolean.");
    }
}
