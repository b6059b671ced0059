package io.github.accountdisabling.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Set;

import static io.github.accountdisabling.config.AccountDisablingSettings.BALANCE_SOURCE_ATTRIBUTES;
import static io.github.accountdisabling.config.AccountDisablingSettings.BALANCE_SOURCE_HTTP_LEDGER;
import static io.github.accountdisabling.config.AccountDisablingSettings.MAX_LEDGER_TIMEOUT_MILLIS;

/**
 * Turns a {@code PUT …/config} body or the console tab's string values into settings, refusing
 * anything ambiguous: a toggle that silently reads a typo as {@code false} would be worse than a 400.
 */
public final class SettingsParser {

    public static final String FIELD_ENABLED = "enabled";
    public static final String FIELD_RATE_LIMIT = "rateLimitPerMinute";
    public static final String FIELD_BALANCE_SOURCE = "balanceSource";
    public static final String FIELD_LEDGER_URL = "ledgerUrl";
    public static final String FIELD_LEDGER_TIMEOUT = "ledgerTimeoutMillis";

    static final Set<String> KNOWN_FIELDS =
            Set.of(FIELD_ENABLED, FIELD_RATE_LIMIT, FIELD_BALANCE_SOURCE, FIELD_LEDGER_URL, FIELD_LEDGER_TIMEOUT);
    static final Set<String> BALANCE_SOURCES = Set.of(BALANCE_SOURCE_ATTRIBUTES, BALANCE_SOURCE_HTTP_LEDGER);

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
                throw invalid("unknown_field", "Unknown field '" + name + "'.");
            }
        }
        JsonNode enabled = root.get(FIELD_ENABLED);
        if (enabled == null || enabled.isNull()) {
            throw invalid("missing_field", "Field 'enabled' is required.");
        }
        if (!enabled.isBoolean()) {
            throw invalid("invalid_field", "Field 'enabled' must be a boolean.");
        }
        AccountDisablingSettings result = current.withEnabled(enabled.booleanValue());

        JsonNode rateLimit = root.get(FIELD_RATE_LIMIT);
        if (rateLimit != null) {
            result = result.withRateLimitPerMinute(intInRange(rateLimit, FIELD_RATE_LIMIT, 0, Integer.MAX_VALUE));
        }
        JsonNode source = root.get(FIELD_BALANCE_SOURCE);
        if (source != null) {
            result = result.withBalanceSource(balanceSource(textOf(source, FIELD_BALANCE_SOURCE)));
        }
        JsonNode ledgerUrl = root.get(FIELD_LEDGER_URL);
        if (ledgerUrl != null) {
            result = result.withLedgerUrl(ledgerUrl(textOf(ledgerUrl, FIELD_LEDGER_URL)));
        }
        JsonNode timeout = root.get(FIELD_LEDGER_TIMEOUT);
        if (timeout != null) {
            result = result.withLedgerTimeoutMillis(intInRange(timeout, FIELD_LEDGER_TIMEOUT, 1, MAX_LEDGER_TIMEOUT_MILLIS));
        }
        return consistent(result);
    }

    /** The console tab stores every value as a string; blank means "not set", which keeps the current value. */
    public static AccountDisablingSettings parseStrings(java.util.function.Function<String, String> values,
                                                        AccountDisablingSettings current) {
        AccountDisablingSettings result = current;
        String enabled = blankToNull(values.apply(FIELD_ENABLED));
        if (enabled != null) {
            if (!"true".equalsIgnoreCase(enabled) && !"false".equalsIgnoreCase(enabled)) {
                throw invalid("invalid_field", "Field 'enabled' must be true or false.");
            }
            result = result.withEnabled(Boolean.parseBoolean(enabled));
        }
        String rateLimit = blankToNull(values.apply(FIELD_RATE_LIMIT));
        if (rateLimit != null) {
            result = result.withRateLimitPerMinute(intInRange(rateLimit, FIELD_RATE_LIMIT, 0, Integer.MAX_VALUE));
        }
        String source = blankToNull(values.apply(FIELD_BALANCE_SOURCE));
        if (source != null) {
            result = result.withBalanceSource(balanceSource(source));
        }
        String ledgerUrl = values.apply(FIELD_LEDGER_URL);
        if (ledgerUrl != null) {
            result = result.withLedgerUrl(ledgerUrl(ledgerUrl.trim()));
        }
        String timeout = blankToNull(values.apply(FIELD_LEDGER_TIMEOUT));
        if (timeout != null) {
            result = result.withLedgerTimeoutMillis(intInRange(timeout, FIELD_LEDGER_TIMEOUT, 1, MAX_LEDGER_TIMEOUT_MILLIS));
        }
        return consistent(result);
    }

    /** An absolute http(s) URL, or {@code null}. */
    static URI httpUri(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.trim());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static AccountDisablingSettings consistent(AccountDisablingSettings settings) {
        if (BALANCE_SOURCE_HTTP_LEDGER.equals(settings.balanceSource()) && settings.ledgerUri() == null) {
            throw invalid("invalid_field", "Field 'ledgerUrl' must be an http(s) URL when 'balanceSource' is '"
                    + BALANCE_SOURCE_HTTP_LEDGER + "'.");
        }
        return settings;
    }

    private static String balanceSource(String value) {
        if (!BALANCE_SOURCES.contains(value)) {
            throw invalid("invalid_field", "Field 'balanceSource' must be one of " + BALANCE_SOURCES.stream().sorted().toList() + ".");
        }
        return value;
    }

    private static String ledgerUrl(String value) {
        if (!value.isEmpty() && httpUri(value) == null) {
            throw invalid("invalid_field", "Field 'ledgerUrl' must be an absolute http(s) URL or empty.");
        }
        return value;
    }

    private static String textOf(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw invalid("invalid_field", "Field '" + field + "' must be a string.");
        }
        return node.textValue().trim();
    }

    private static int intInRange(JsonNode node, String field, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw invalid("invalid_field", rangeMessage(field, min, max));
        }
        return node.intValue();
    }

    private static int intInRange(String text, String field, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("invalid_field", rangeMessage(field, min, max));
    }

    private static String rangeMessage(String field, int min, int max) {
        return max == Integer.MAX_VALUE
                ? "Field '" + field + "' must be a non-negative integer."
                : "Field '" + field + "' must be an integer from " + min + " to " + max + ".";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static InvalidSettingsException invalid(String code, String message) {
        return new InvalidSettingsException(code, message);
    }

    private static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("invalid_json", "Request body must be a JSON object.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("invalid_json", "Request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw invalid("invalid_json", "Request body must be a JSON object.");
        }
        return root;
    }
}
