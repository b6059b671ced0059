package io.github.accountdisabling.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a {@code PUT …/config} body or the console tab's string values into settings, refusing
 * anything ambiguous: a toggle that silently reads a typo as {@code false} would be worse than a 400.
 * Both are partial: a setting not sent keeps its current value.
 */
public final class SettingsParser {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SettingsParser() {
    }

    /** Every field is optional, so a client can send back exactly what {@code GET …/config} gave it, or one field. */
    public static AccountDisablingSettings parseJson(String body, AccountDisablingSettings current) {
        JsonNode root = readObject(body);
        AccountDisablingSettings result = current;
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Setting setting = Setting.byField(field.getKey()).orElseThrow(
                    () -> new InvalidSettingsException("unknown_field", "Unknown field '" + field.getKey() + "'."));
            result = result.with(setting, setting.type().parse(setting.field(), field.getValue()));
        }
        return consistent(result);
    }

    /**
     * The console tab stores every value as a string. A blank toggle, number or choice means "not set", which keeps
     * the current value; a blank URL or text clears it.
     */
    public static AccountDisablingSettings parseStrings(Function<String, String> values, AccountDisablingSettings current) {
        AccountDisablingSettings result = current;
        for (Setting setting : Setting.values()) {
            String raw = values.apply(setting.field());
            if (raw == null || raw.isBlank() && !setting.type().blankIsAValue()) {
                continue;
            }
            result = result.with(setting, setting.type().parse(setting.field(), raw.trim()));
        }
        return consistent(result);
    }

    private static AccountDisablingSettings consistent(AccountDisablingSettings settings) {
        if (Setting.BALANCE_SOURCE_HTTP_LEDGER.equals(settings.balanceSource()) && settings.ledgerUri() == null) {
            throw new InvalidSettingsException("invalid_field", "Field '" + Setting.LEDGER_URL.field()
                    + "' must be an http(s) URL when '" + Setting.BALANCE_SOURCE.field() + "' is '"
                    + Setting.BALANCE_SOURCE_HTTP_LEDGER + "'.");
        }
        return settings;
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
