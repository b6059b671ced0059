package io.github.accountdisabling.scim;

import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.github.accountdisabling.scim.ScimException.INVALID_FILTER;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * Turns a SCIM filter into Keycloak user queries. Supported: {@code eq} on {@code userName}, {@code emails} /
 * {@code emails.value} / {@code emails[type eq "work"].value}, {@code externalId}, {@code active},
 * {@code urn:scim:wso2:schema:accountDisabled} and {@code id}, joined with
 * {@code and} / {@code or} and parentheses. The result is a union of conjunctions (at most
 * {@value #MAX_CONJUNCTIONS}), each one a parameter map for {@code UserProvider.searchForUserStream}, so the
 * database does the filtering and paging.
 */
final class ScimFilter {

    static final int MAX_CONJUNCTIONS = 4;
    /** Parentheses nest at most this deep; deeper filters are refused before they can exhaust the stack. */
    static final int MAX_DEPTH = 16;
    /** Not a Keycloak search parameter: a conjunction with an id is answered with a lookup by id. */
    static final String ID = "scim.id";

    private final String text;
    private int position;
    private int depth;

    private ScimFilter(String text) {
        this.text = text;
    }

    /** @return the conjunctions, each a map of Keycloak search parameters; unsatisfiable ones are dropped */
    static List<Map<String, String>> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return List.of(base());
        }
        ScimFilter parser = new ScimFilter(filter);
        List<Map<String, String>> result = parser.or();
        parser.skipSpaces();
        if (parser.position < filter.length()) {
            throw badRequest(INVALID_FILTER, "Unexpected text at position " + (parser.position + 1) + " of the filter.");
        }
        return result;
    }

    private static Map<String, String> base() {
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        return params;
    }

    private List<Map<String, String>> or() {
        List<Map<String, String>> result = new ArrayList<>(and());
        while (keyword("or")) {
            result.addAll(and());
            checkSize(result);
        }
        return result;
    }

    private List<Map<String, String>> and() {
        List<Map<String, String>> result = atom();
        while (keyword("and")) {
            List<Map<String, String>> right = atom();
            List<Map<String, String>> product = new ArrayList<>();
            for (Map<String, String> left : result) {
                for (Map<String, String> term : right) {
                    merge(left, term).ifPresent(product::add);
                }
            }
            checkSize(product);
            result = product;
        }
        return result;
    }

    private List<Map<String, String>> atom() {
        skipSpaces();
        if (peek() == '(') {
            position++;
            if (++depth > MAX_DEPTH) {
                throw badRequest(INVALID_FILTER, "Parentheses nest deeper than " + MAX_DEPTH + " levels.");
            }
            List<Map<String, String>> inner = or();
            depth--;
            skipSpaces();
            if (peek() != ')') {
                throw badRequest(INVALID_FILTER, "Missing ')' in the filter.");
            }
            position++;
            return inner;
        }
        if (keyword("not")) {
            throw badRequest(INVALID_FILTER, "'not' is not supported.");
        }
        String attribute = attributePath();
        String operator = word().toLowerCase(Locale.ROOT);
        if (attribute.isEmpty() || operator.isEmpty()) {
            throw badRequest(INVALID_FILTER, "Expected 'attribute eq value' at position " + (position + 1) + ".");
        }
        if (!operator.equals("eq")) {
            throw badRequest(INVALID_FILTER, "Operator '" + operator + "' is not supported; use 'eq'.");
        }
        Object value = value();
        Map<String, String> params = base();
        String lower = attribute.toLowerCase(Locale.ROOT);
        if (lower.startsWith(ScimJson.CORE_USER_SCHEMA.toLowerCase(Locale.ROOT) + ":")) {
            lower = lower.substring(ScimJson.CORE_USER_SCHEMA.length() + 1);
        }
        switch (lower) {
            case "username" -> {
                params.put(UserModel.USERNAME, text(value, attribute));
                params.put(UserModel.EXACT, "true");
            }
            case "emails", "emails.value", "emails[type eq \"work\"].value" -> {
                params.put(UserModel.EMAIL, text(value, attribute));
                params.put(UserModel.EXACT, "true");
            }
            case "active" -> params.put(UserModel.ENABLED, Boolean.toString(bool(value, attribute)));
            case "urn:scim:wso2:schema:accountdisabled" ->
                    params.put(UserModel.ENABLED, Boolean.toString(!bool(value, attribute)));
            case "id" -> params.put(ID, text(value, attribute));
            case "externalid" -> params.put(ScimUser.EXTERNAL_ID_ATTRIBUTE, text(value, attribute));
            default -> throw badRequest(INVALID_FILTER, "Filtering on '" + attribute + "' is not supported.");
        }
        return List.of(params);
    }

    /** Both conjunctions at once, or empty when they contradict each other. */
    static Optional<Map<String, String>> merge(Map<String, String> left, Map<String, String> right) {
        Map<String, String> merged = new HashMap<>(left);
        for (Map.Entry<String, String> entry : right.entrySet()) {
            String existing = merged.putIfAbsent(entry.getKey(), entry.getValue());
            if (existing != null && !equal(entry.getKey(), existing, entry.getValue())) {
                return Optional.empty();
            }
        }
        return Optional.of(merged);
    }

    private static boolean equal(String key, String a, String b) {
        // Keycloak stores user names and e-mails in lower case and matches them case-insensitively.
        // Keycloak compares attribute values (the external id) case-insensitively too.
        return key.equals(UserModel.USERNAME) || key.equals(UserModel.EMAIL) || key.equals(ScimUser.EXTERNAL_ID_ATTRIBUTE)
                ? a.equalsIgnoreCase(b) : a.equals(b);
    }

    private static void checkSize(List<Map<String, String>> conjunctions) {
        if (conjunctions.size() > MAX_CONJUNCTIONS) {
            throw badRequest(INVALID_FILTER, "The filter is too complex: at most " + MAX_CONJUNCTIONS
                    + " alternatives after expanding 'or'.");
        }
    }

    private static String text(Object value, String attribute) {
        if (!(value instanceof String string)) {
            throw badRequest(INVALID_FILTER, "'" + attribute + "' is compared with a quoted string.");
        }
        return string;
    }

    private static boolean bool(Object value, String attribute) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String string && (string.equalsIgnoreCase("true") || string.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(string);
        }
        throw badRequest(INVALID_FILTER, "'" + attribute + "' is compared with true or false.");
    }

    private boolean keyword(String keyword) {
        skipSpaces();
        int end = position + keyword.length();
        if (end <= text.length() && text.regionMatches(true, position, keyword, 0, keyword.length())
                && (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
            position = end;
            return true;
        }
        return false;
    }

    /**
     * An attribute path; a value filter in brackets ({@code emails[type eq "work"].value}) may hold spaces and is
     * returned with its spaces collapsed to one.
     */
    private String attributePath() {
        skipSpaces();
        StringBuilder path = new StringBuilder();
        while (position < text.length() && !Character.isWhitespace(text.charAt(position))
                && text.charAt(position) != '(' && text.charAt(position) != ')') {
            char c = text.charAt(position++);
            path.append(c);
            if (c == '[') {
                int close = text.indexOf(']', position);
                if (close < 0) {
                    throw badRequest(INVALID_FILTER, "Missing ']' in the filter.");
                }
                path.append(text.substring(position, close).trim().replaceAll("\\s+", " ")).append(']');
                position = close + 1;
            }
        }
        return path.toString();
    }

    private String word() {
        skipSpaces();
        int start = position;
        while (position < text.length() && !Character.isWhitespace(text.charAt(position))
                && text.charAt(position) != '(' && text.charAt(position) != ')') {
            position++;
        }
        return text.substring(start, position);
    }

    private Object value() {
        skipSpaces();
        if (peek() == '"') {
            StringBuilder value = new StringBuilder();
            position++;
            while (position < text.length() && text.charAt(position) != '"') {
                char c = text.charAt(position++);
                if (c == '\\' && position < text.length()) {
                    c = text.charAt(position++);
                }
                value.append(c);
            }
            if (position >= text.length()) {
                throw badRequest(INVALID_FILTER, "Unterminated string in the filter.");
            }
            position++;
            return value.toString();
        }
        String word = word();
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "" -> throw badRequest(INVALID_FILTER, "A value is missing in the filter.");
            default -> throw badRequest(INVALID_FILTER, "Unsupported value '" + word + "' in the filter.");
        };
    }

    private char peek() {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }
}
