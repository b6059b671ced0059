package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Set;

import static io.github.accountdisabling.scim.ScimException.INVALID_PATH;
import static io.github.accountdisabling.scim.ScimException.INVALID_SYNTAX;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.NO_TARGET;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * Applies a SCIM PatchOp to the user as it is, in order. Every operation is checked while it is applied to a copy,
 * and the caller writes the result in one transaction, so a request is applied whole or not at all.
 */
final class ScimPatch {

    static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimPatch() {
    }

    static ScimUser apply(JsonNode body, ScimUser current) {
        ScimUser result = current.withPassword(null);
        for (JsonNode operation : operations(body)) {
            result = applyOne(operation, result);
        }
        return result;
    }

    /** The {@code Operations} of a PatchOp body, checked to be one. */
    static JsonNode operations(JsonNode body) {
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
        return operations;
    }

    private static ScimUser applyOne(JsonNode operation, ScimUser user) {
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
        if (op.equals("replace") && path != null && !path.isEmpty() && value != null && value.isNull()) {
            // RFC 7643 §2.5: null is the same state as unassigned, so replacing with null removes.
            op = "remove";
        }
        switch (op) {
            case "add", "replace" -> {
                if (value == null || value.isNull()) {
                    throw badRequest(INVALID_VALUE, "'" + op + "' needs a 'value'.");
                }
                boolean add = op.equals("add");
                return path == null || path.isEmpty() ? ScimPaths.setAll(user, value, Set.of(), add)
                        : ScimPaths.set(user, path, value, add);
            }
            case "remove" -> {
                if (path == null || path.isEmpty()) {
                    throw badRequest(NO_TARGET, "'remove' needs a 'path'.");
                }
                return ScimPaths.remove(user, path);
            }
            default -> throw badRequest(INVALID_SYNTAX, "Unknown op '" + operation.get("op").textValue()
                    + "'; use add, replace or remove.");
        }
    }

    /** SCIM booleans, also as the strings {@code "True"}/{@code "False"} some clients send. */
    static boolean bool(JsonNode value, String path) {
        if (value != null && value.isBoolean()) {
            return value.booleanValue();
        }
        if (value != null && value.isTextual()) {
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
