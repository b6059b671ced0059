package io.github.accountdisabling.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.accountdisabling.account.Refusal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Strict readers of the small request bodies of the admin API; every refusal is a 400 with a stable code. */
final class RequestBodies {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RequestBodies() {
    }

    /** Optional {@code {"reason": "…"}}; an empty body means no reason. */
    static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode root = object(body, Set.of("reason"));
        JsonNode reason = root.get("reason");
        if (reason == null || reason.isNull()) {
            return "";
        }
        if (!reason.isTextual()) {
            throw badRequest("invalid_field", "Field 'reason' must be a string.");
        }
        return reason.textValue();
    }

    /** Required {@code {"active": true|false}}. */
    static boolean active(String body) {
        if (body == null || body.isBlank()) {
            throw badRequest("invalid_json", "Request body must be a JSON object.");
        }
        JsonNode active = object(body, Set.of("active")).get("active");
        if (active == null || active.isNull()) {
            throw badRequest("missing_field", "Field 'active' is required.");
        }
        if (!active.isBoolean()) {
            throw badRequest("invalid_field", "Field 'active' must be a boolean.");
        }
        return active.booleanValue();
    }

    /** A bulk call's {@code {"ids": [...], "reason": "..."}}. */
    record Bulk(List<String> ids, String reason) {
    }

    /** Required {@code ids}: 1 to {@code max} user ids; optional {@code reason}. */
    static Bulk bulk(String body, int max) {
        if (body == null || body.isBlank()) {
            throw badRequest("invalid_json", "Request body must be a JSON object.");
        }
        JsonNode root = object(body, Set.of("ids", "reason"));
        JsonNode ids = root.get("ids");
        if (ids == null || ids.isNull()) {
            throw badRequest("missing_field", "Field 'ids' is required.");
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw badRequest("invalid_field", "Field 'ids' must be a non-empty array of user ids.");
        }
        if (ids.size() > max) {
            throw badRequest("too_many_ids", "At most " + max + " ids per call; split the list.");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.textValue().isBlank()) {
                throw badRequest("invalid_field", "Each of 'ids' must be a non-empty string.");
            }
            list.add(id.textValue());
        }
        JsonNode reason = root.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw badRequest("invalid_field", "Field 'reason' must be a string.");
        }
        return new Bulk(List.copyOf(list), reason == null || reason.isNull() ? "" : reason.textValue());
    }

    /** Optional {@code {"bind": true|false}}; an empty body means false. */
    static boolean bind(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        JsonNode bind = object(body, Set.of("bind")).get("bind");
        if (bind == null || bind.isNull()) {
            return false;
        }
        if (!bind.isBoolean()) {
            throw badRequest("invalid_field", "Field 'bind' must be a boolean.");
        }
        return bind.booleanValue();
    }

    private static JsonNode object(String body, Set<String> allowed) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw badRequest("invalid_json", "Request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw badRequest("invalid_json", "Request body must be a JSON object.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw badRequest("unknown_field", "Unknown field '" + name + "'.");
            }
        }
        return root;
    }

    private static Refusal badRequest(String code, String message) {
        return new Refusal(400, code, message);
    }
}
