package io.github.accountdisabling.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.provider.ProviderConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * What values a setting takes, and how each door's text becomes one. Values are kept as the strings the realm
 * attribute stores; {@link #read} forgives (a stored value it can't use reads as the default), {@link #parse}
 * refuses (a typo in a toggle must be a 400, never a silent {@code false}).
 */
record SettingType(Shape shape, int min, int max, List<String> options) {

    enum Shape {
        BOOLEAN,
        INTEGER,
        /** One of the options; anything else stored reads as the default. */
        CHOICE,
        /** A provider id: the shipped ones are the options, another id stored by import is kept as it is. */
        PROVIDER_ID,
        HTTP_URL,
        TEXT
    }

    static final int MAX_TEXT_LENGTH = 255;

    static final SettingType BOOLEAN = new SettingType(Shape.BOOLEAN, 0, 0, List.of());
    static final SettingType HTTP_URL = new SettingType(Shape.HTTP_URL, 0, 0, List.of());
    static final SettingType TEXT = new SettingType(Shape.TEXT, 0, 0, List.of());

    static SettingType integer(int min, int max) {
        return new SettingType(Shape.INTEGER, min, max, List.of());
    }

    static SettingType choice(String... options) {
        return new SettingType(Shape.CHOICE, 0, 0, List.of(options));
    }

    static SettingType providerId(String... shipped) {
        return new SettingType(Shape.PROVIDER_ID, 0, 0, List.of(shipped));
    }

    /** A blank text or URL means "none"; a blank toggle, number or choice in the console form means "not set". */
    boolean blankIsAValue() {
        return shape == Shape.HTTP_URL || shape == Shape.TEXT;
    }

    String read(String stored, String fallback) {
        if (stored == null) {
            return fallback;
        }
        String value = stored.trim();
        return switch (shape) {
            case BOOLEAN -> value.isEmpty() ? fallback : Boolean.toString("true".equalsIgnoreCase(value));
            case INTEGER -> {
                Integer number = integerOrNull(value);
                yield number == null ? fallback : number.toString();
            }
            case CHOICE -> options.contains(value) ? value : fallback;
            case PROVIDER_ID -> value.isEmpty() ? fallback : value;
            case HTTP_URL, TEXT -> stored;
        };
    }

    /** {@code text} as typed into the console form (trimmed). */
    String parse(String field, String text) {
        return switch (shape) {
            case BOOLEAN -> {
                if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
                    throw invalid("Field '" + field + "' must be true or false.");
                }
                yield text.toLowerCase(java.util.Locale.ROOT);
            }
            case INTEGER -> {
                Integer value = integerOrNull(text);
                if (value == null) {
                    throw invalid(rangeMessage(field));
                }
                yield value.toString();
            }
            case CHOICE, PROVIDER_ID -> {
                if (!options.contains(text)) {
                    throw invalid("Field '" + field + "' must be one of " + options.stream().sorted().toList() + ".");
                }
                yield text;
            }
            case HTTP_URL -> {
                if (!text.isEmpty() && httpUri(text) == null) {
                    throw invalid("Field '" + field + "' must be an absolute http(s) URL or empty.");
                }
                yield text;
            }
            case TEXT -> {
                if (text.length() > MAX_TEXT_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
                    throw invalid("Field '" + field + "' must be at most " + MAX_TEXT_LENGTH
                            + " characters on one line.");
                }
                yield text;
            }
        };
    }

    /** {@code node} as sent in a {@code PUT …/config} body: booleans and numbers as JSON's own, the rest strings. */
    String parse(String field, JsonNode node) {
        return switch (shape) {
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw invalid("Field '" + field + "' must be a boolean.");
                }
                yield Boolean.toString(node.booleanValue());
            }
            case INTEGER -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
                    throw invalid(rangeMessage(field));
                }
                yield Integer.toString(node.intValue());
            }
            default -> {
                if (!node.isTextual()) {
                    throw invalid("Field '" + field + "' must be a string.");
                }
                yield parse(field, node.textValue().trim());
            }
        };
    }

    Object toJson(String value) {
        return switch (shape) {
            case BOOLEAN -> Boolean.valueOf(value);
            case INTEGER -> Integer.valueOf(value);
            default -> value;
        };
    }

    String consoleType() {
        return switch (shape) {
            case BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
            case INTEGER -> ProviderConfigProperty.INTEGER_TYPE;
            case CHOICE, PROVIDER_ID -> ProviderConfigProperty.LIST_TYPE;
            case HTTP_URL, TEXT -> ProviderConfigProperty.STRING_TYPE;
        };
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

    private Integer integerOrNull(String text) {
        try {
            int value = Integer.parseInt(text);
            return value >= min && value <= max ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String rangeMessage(String field) {
        return max == Integer.MAX_VALUE
                ? "Field '" + field + "' must be a non-negative integer."
                : "Field '" + field + "' must be an integer from " + min + " to " + max + ".";
    }

    private static InvalidSettingsException invalid(String message) {
        return new InvalidSettingsException("invalid_field", message);
    }
}
