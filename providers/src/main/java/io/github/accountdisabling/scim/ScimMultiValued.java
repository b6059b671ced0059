package io.github.accountdisabling.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.scim.ScimFilterTree.Operator;
import org.keycloak.scim.filter.ScimFilterParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static io.github.accountdisabling.scim.ScimException.INVALID_FILTER;
import static io.github.accountdisabling.scim.ScimException.INVALID_PATH;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.NO_TARGET;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * The multi-valued complex User attributes ({@code emails}, {@code phoneNumbers}, {@code addresses}; RFC 7643
 * §2.4, §4.1.2): reading a whole array, PATCH targets such as {@code phoneNumbers[type eq "work"].value} (the filter
 * in brackets parsed by Keycloak's SCIM filter grammar), add, replace and remove of values, and at most one
 * {@code primary}. Values are JSON objects with their sub-attributes in the schema's order.
 */
final class ScimMultiValued {

    /** {@code texts}: the string sub-attributes in the schema's order; every value also may have {@code primary}. */
    record Definition(String name, List<String> texts, boolean valueRequired) {

        Optional<String> sub(String name) {
            if (name.equalsIgnoreCase(PRIMARY)) {
                return Optional.of(PRIMARY);
            }
            return texts.stream().filter(text -> text.equalsIgnoreCase(name)).findFirst();
        }
    }

    static final String PRIMARY = "primary";
    static final Definition EMAILS = new Definition("emails", List.of("value", "display", "type"), true);
    static final Definition PHONE_NUMBERS = new Definition("phoneNumbers", List.of("value", "display", "type"), true);
    static final Definition ADDRESSES = new Definition("addresses", List.of("formatted", "streetAddress", "locality",
            "region", "postalCode", "country", "type"), false);
    private static final List<Definition> ALL = List.of(EMAILS, PHONE_NUMBERS, ADDRESSES);

    /** Where a PATCH operation points: the whole attribute, or the values {@code match} selects (one sub-attribute). */
    record Target(Definition definition, Match match, String sub) {
    }

    /** The values a bracket filter selects; {@code seed} is what a new value gets when none matches. */
    record Match(Predicate<ObjectNode> test, Map<String, String> seed) {
    }

    private ScimMultiValued() {
    }

    /** The target of {@code path} (stripped of the core URN, in the client's case), if it names one of these. */
    static Optional<Target> target(String path) {
        int end = 0;
        while (end < path.length() && path.charAt(end) != '[' && path.charAt(end) != '.') {
            end++;
        }
        String head = path.substring(0, end);
        Optional<Definition> definition = ALL.stream().filter(d -> d.name().equalsIgnoreCase(head)).findFirst();
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        String rest = path.substring(end);
        if (rest.isEmpty()) {
            return Optional.of(new Target(definition.get(), null, null));
        }
        int close = rest.lastIndexOf(']');
        if (!rest.startsWith("[") || close < 0) {
            throw badRequest(INVALID_PATH, "'" + path + "': name the values with a filter, as " + head
                    + "[type eq \"work\"].value.");
        }
        Match match = match(definition.get(), path.substring(0, end + close + 1), path);
        String after = rest.substring(close + 1);
        if (after.isEmpty()) {
            return Optional.of(new Target(definition.get(), match, null));
        }
        String subName = after.startsWith(".") ? after.substring(1) : after;
        String sub = definition.get().sub(subName).orElseThrow(() -> badRequest(INVALID_PATH,
                "'" + head + "' has no sub-attribute '" + subName + "'."));
        return Optional.of(new Target(definition.get(), match, sub));
    }

    private static Match match(Definition definition, String valuePath, String path) {
        ScimFilterParser.ExpressionContext parsed;
        try {
            parsed = ScimFilterTree.parse(valuePath);
        } catch (ScimException e) {
            throw badRequest(INVALID_PATH, "The path '" + path + "' is not valid: " + e.getMessage());
        }
        if (parsed.expression() != null || parsed.andExpression().andExpression() != null
                || parsed.andExpression().notExpression().atom() == null
                || parsed.andExpression().notExpression().atom().valuePath() == null) {
            throw badRequest(INVALID_PATH, "The path '" + path + "' is not one attribute with a value filter.");
        }
        return ScimFilterTree.walk(parsed, new ValueFilter(definition, false));
    }

    /** A value filter over one value's sub-attributes, evaluated on each stored value. */
    private record ValueFilter(Definition definition, boolean inside) implements ScimFilterTree.Builder<Match> {

        @Override
        public Match and(Match left, Match right) {
            Map<String, String> seed = new HashMap<>(left.seed());
            seed.putAll(right.seed());
            return new Match(left.test().and(right.test()), seed);
        }

        @Override
        public Match or(Match left, Match right) {
            return new Match(left.test().or(right.test()), Map.of());
        }

        @Override
        public Match not(Match inner) {
            return new Match(inner.test().negate(), Map.of());
        }

        @Override
        public Match valuePath(String parent, ScimFilterParser.ExpressionContext inner) {
            if (inside) {
                throw badRequest(INVALID_PATH, "Value filters don't nest.");
            }
            return ScimFilterTree.walk(inner, new ValueFilter(definition, true));
        }

        @Override
        public Match present(String path) {
            String sub = sub(path);
            return new Match(value -> value.has(sub), Map.of());
        }

        @Override
        public Match compare(String path, Operator operator, ScimFilterParser.CompValueContext value) {
            String sub = sub(path);
            if (sub.equals(PRIMARY)) {
                boolean wanted = ScimFilterTree.bool(path, value);
                return switch (operator) {
                    case EQ -> new Match(entry -> primary(entry) == wanted, Map.of());
                    case NE -> new Match(entry -> primary(entry) != wanted, Map.of());
                    default -> throw ScimFilterTree.meaningless(operator, "boolean", path);
                };
            }
            String wanted = ScimFilterTree.text(path, value);
            String lower = wanted.toLowerCase(Locale.ROOT);
            Predicate<ObjectNode> test = entry -> {
                String stored = entry.path(sub).asText(null);
                return stored == null ? operator == Operator.NE : ScimFilterTree.matches(stored.toLowerCase(Locale.ROOT), operator, lower);
            };
            return new Match(test, operator == Operator.EQ ? Map.of(sub, wanted) : Map.of());
        }

        private String sub(String path) {
            if (!inside) {
                throw badRequest(INVALID_PATH, "A path names an attribute, with a filter in brackets.");
            }
            return definition.sub(path).orElseThrow(() -> badRequest(INVALID_FILTER,
                    "'" + definition.name() + "' has no sub-attribute '" + path + "'."));
        }
    }

    /** A whole array as sent, each value checked; more than one {@code primary} is refused (RFC 7643 §2.4). */
    static List<ObjectNode> read(Definition definition, JsonNode array, String path) {
        if (!array.isArray()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be an array of objects.");
        }
        List<ObjectNode> values = new ArrayList<>();
        for (JsonNode element : array) {
            ObjectNode value = value(definition, element, path, true);
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        values = canonical(definition, values);
        if (values.stream().filter(ScimMultiValued::primary).count() > 1) {
            throw badRequest(INVALID_VALUE, "At most one of '" + path + "' may be primary.");
        }
        return values;
    }

    /** {@code add} of values (RFC 7644 §3.5.2.1): new ones are appended, one already there is not repeated. */
    static List<ObjectNode> add(Definition definition, List<ObjectNode> current, JsonNode array, String path) {
        List<ObjectNode> result = copy(current);
        for (ObjectNode added : read(definition, array.isArray() ? array : wrap(array), path)) {
            if (primary(added)) {
                result.forEach(value -> value.remove(PRIMARY));
            }
            result.removeIf(value -> sameValue(value, added));
            result.add(added);
        }
        return result;
    }

    /** {@code add} or {@code replace} at a filtered target; with no match, a value made from the filter's seed. */
    static List<ObjectNode> set(Target target, List<ObjectNode> current, JsonNode value, String path) {
        List<ObjectNode> result = copy(current);
        List<ObjectNode> matching = result.stream().filter(target.match().test()).toList();
        if (matching.isEmpty()) {
            if (target.match().seed().isEmpty()) {
                throw badRequest(NO_TARGET, "No value of '" + target.definition().name() + "' matches '" + path + "'.");
            }
            ObjectNode seeded = ScimHttp.MAPPER.createObjectNode();
            target.match().seed().forEach(seeded::put);
            result.add(seeded);
            matching = List.of(seeded);
        }
        ObjectNode changes;
        if (target.sub() == null) {
            changes = value(target.definition(), value, path, false);
        } else {
            changes = value(target.definition(), ScimHttp.MAPPER.createObjectNode().set(target.sub(), value), path, false);
        }
        for (ObjectNode entry : matching) {
            if (primary(changes)) {
                result.forEach(other -> other.remove(PRIMARY));
            }
            if (target.sub() != null && !changes.has(target.sub())) {
                entry.remove(target.sub());
            }
            entry.setAll(changes);
        }
        return canonical(target.definition(), result);
    }

    /** {@code remove}: the whole attribute, the matching values, or one sub-attribute of them. */
    static List<ObjectNode> remove(Target target, List<ObjectNode> current) {
        if (target.match() == null) {
            return List.of();
        }
        List<ObjectNode> result = copy(current);
        if (target.sub() == null) {
            result.removeIf(target.match().test());
            return result;
        }
        result.stream().filter(target.match().test()).forEach(value -> value.remove(target.sub()));
        return canonical(target.definition(), result);
    }

    /** Drops values left without content or without their required {@code value}; orders sub-attributes. */
    private static List<ObjectNode> canonical(Definition definition, List<ObjectNode> values) {
        List<ObjectNode> result = new ArrayList<>();
        for (ObjectNode value : values) {
            ObjectNode ordered = ScimHttp.MAPPER.createObjectNode();
            for (String text : definition.texts()) {
                if (value.hasNonNull(text)) {
                    ordered.put(text, value.get(text).asText());
                }
            }
            boolean hasText = !ordered.isEmpty();
            if (primary(value)) {
                ordered.put(PRIMARY, true);
            }
            if (hasText && (!definition.valueRequired() || ordered.has("value"))) {
                result.add(ordered);
            }
        }
        return result;
    }

    /** One value as sent; {@code whole}: a value of a whole array, which needs its {@code value}. */
    private static ObjectNode value(Definition definition, JsonNode element, String path, boolean whole) {
        if (!element.isObject()) {
            throw badRequest(INVALID_VALUE, "Each of '" + path + "' must be an object.");
        }
        ObjectNode value = ScimHttp.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = element.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String sub = definition.sub(field.getKey()).orElseThrow(() -> badRequest(INVALID_VALUE,
                    "'" + definition.name() + "' has no sub-attribute '" + field.getKey() + "'."));
            JsonNode given = field.getValue();
            if (given.isNull()) {
                continue;
            }
            if (sub.equals(PRIMARY)) {
                if (ScimPatch.bool(given, path + "." + PRIMARY)) {
                    value.put(PRIMARY, true);
                }
            } else if (!given.isTextual()) {
                throw badRequest(INVALID_VALUE, "'" + path + "." + sub + "' must be a string.");
            } else if (!given.textValue().isBlank()) {
                value.put(sub, ScimPaths.noNul(given.textValue().strip(), path + "." + sub));
            }
        }
        if (whole && definition.valueRequired() && !value.has("value")) {
            throw badRequest(INVALID_VALUE, "Each of '" + path + "' needs a string 'value'.");
        }
        return value;
    }

    static boolean primary(JsonNode value) {
        return value.path(PRIMARY).asBoolean(false);
    }

    private static boolean sameValue(ObjectNode a, ObjectNode b) {
        ObjectNode left = a.deepCopy();
        ObjectNode right = b.deepCopy();
        left.remove(PRIMARY);
        right.remove(PRIMARY);
        return left.toString().equalsIgnoreCase(right.toString());
    }

    private static JsonNode wrap(JsonNode value) {
        return ScimHttp.MAPPER.createArrayNode().add(value);
    }

    private static List<ObjectNode> copy(List<ObjectNode> values) {
        List<ObjectNode> copy = new ArrayList<>();
        values.forEach(value -> copy.add(value.deepCopy()));
        return copy;
    }

    // ---- storage ---------------------------------------------------------------------------------------------

    /** One compact JSON object per value: what the user attribute holds. */
    static List<String> store(List<ObjectNode> values) {
        return values.stream().map(ObjectNode::toString).toList();
    }

    /** Values that aren't JSON objects (written past the pack) are left out rather than failing the read. */
    static List<ObjectNode> load(List<String> stored) {
        List<ObjectNode> values = new ArrayList<>();
        for (String text : stored) {
            try {
                if (ScimHttp.MAPPER.readTree(text) instanceof ObjectNode value) {
                    values.add(value);
                }
            } catch (JsonProcessingException e) {
                // not one of ours
            }
        }
        return values;
    }

    // ---- e-mail: Keycloak's field holds the primary address -----------------------------------------------

    /**
     * The addresses as SCIM shows them: the stored list with Keycloak's e-mail as its primary; an e-mail changed past
     * SCIM (in the console) comes first, as the primary work address.
     */
    static List<ObjectNode> emails(String keycloakEmail, List<String> stored) {
        List<ObjectNode> values = load(stored);
        values.forEach(value -> value.remove(PRIMARY));
        if (keycloakEmail == null) {
            return values;
        }
        Optional<ObjectNode> kept = values.stream()
                .filter(value -> keycloakEmail.equalsIgnoreCase(value.path("value").asText())).findFirst();
        if (kept.isPresent()) {
            kept.get().put(PRIMARY, true);
            return values;
        }
        ObjectNode primary = ScimHttp.MAPPER.createObjectNode();
        primary.put("value", keycloakEmail);
        primary.put("type", "work");
        primary.put(PRIMARY, true);
        List<ObjectNode> result = new ArrayList<>();
        result.add(primary);
        result.addAll(values);
        return result;
    }

    /** The address for Keycloak's e-mail field: the primary one, else the work one, else the first. */
    static String keycloakEmail(List<ObjectNode> emails) {
        return emails.stream().filter(ScimMultiValued::primary).findFirst()
                .or(() -> emails.stream().filter(value -> "work".equalsIgnoreCase(value.path("type").asText())).findFirst())
                .or(() -> emails.stream().findFirst())
                .map(value -> value.path("value").asText(null)).orElse(null);
    }

    /** What the user attribute keeps beside Keycloak's field: nothing for a single plain work address. */
    static List<String> storedEmails(List<ObjectNode> emails) {
        if (emails.size() == 1) {
            ObjectNode only = emails.get(0);
            String type = only.path("type").asText(null);
            if (!only.has("display") && (type == null || type.equalsIgnoreCase("work"))) {
                return List.of();
            }
        }
        return store(emails);
    }
}
