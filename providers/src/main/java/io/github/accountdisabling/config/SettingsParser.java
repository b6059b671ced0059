package io.github.accountdisabling.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.Set;

/**
 * Turns a {@code PUT …/config} body or the console tab's string values into settings, refusing
 * anything ambiguous: a toggle that silently reads a typo as {@code false} would be worse than a 400.
 */
public final class SettingsParser {

    public static final String FIELD_ENABLED = "enabled";
    public static final String FIELD_RATE_LIMIT = "rateLimitPerMinute";

    static final Set<String> KNOWN_FIELDS = Set.of(FIELD_ENABLED, FIELD_RATE_LIMIT);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SettingsParser() {
    }

    /**
     * {@code enabled} is required; omitted optional fields keep their current value, so a client can
     * send back exactly what {@code GET …/config} gave it.
     */
    public static AccountDisablingSettings parseJson(String body, AccountDisablingSettings current) {
        JsonNode root = readObject(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new InvalidSettingsException("unknown_field", "Unknown field '" + name + "'.");
            }
        }
        JsonNode enabled = root.get(FIELD_ENABLED);
        if (enabled == null || enabled.isNull()) {
            throw new InvalidSettingsException("missing_field", "Field 'enabled' is required.");
        }
        if (!enabled.isBoolean()) {
            throw new InvalidSettingsException("invalid_field", "Field 'enabled' must be a boolean.");
        }
        AccountDisablingSettings result = current.withEnabled(enabled.booleanValue());

        JsonNode rateLimit = root.get(FIELD_RATE_LIMIT);
        if (rateLimit != null) {
            if (!rateLimit.isIntegralNumber() || !rateLimit.canConvertToInt() || rateLimit.intValue() < 0) {
                throw new InvalidSettingsException("invalid_field",
                        "Field 'rateLimitPerMinute' must be a non-negative integer.");
            }
            result = result.withRateLimitPerMinute(rateLimit.intValue());
        }
        return result;
    }

    /** The console tab stores every value as a string; blank means "not set", which keeps the current value. */
    public static AccountDisablingSettings parseStrings(String enabled, String rateLimit,
                                                        AccountDisablingSettings current) {
        AccountDisablingSettings result = current;
        if (enabled != null && !enabled.isBlank()) {
            String trimmed = enabled.trim();
            if (!"true".equalsIgnoreCase(trimmed) && !"false".equalsIgnoreCase(trimmed)) {
                throw new InvalidSettingsException("invalid_field", "Field 'enabled' must be true or false.");
            }
            result = result.withEnabled(Boolean.parseBoolean(trimmed));
        }
        if (rateLimit != null && !rateLimit.isBlank()) {
            int value;
            try {
                value = Integer.parseInt(rateLimit.trim());
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 0) {
                throw new InvalidSettingsException("invalid_field",
                        "Field 'rateLimitPerMinute' must be a non-negative integer.");
            }
            result = result.withRateLimitPerMinute(value);
        }
        return result;
    }

    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidSettingsException("invalid_json", "Request body must be a JSON object.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException("invalid_json", "Request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSettingsException("invalid_json", "Request body must be a JSON object.");
        }
        return root;
    }
}
