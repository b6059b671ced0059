package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5, §3.9) of a resource type:
 * attribute names with or without the core schema's URN, sub-attributes as {@code name.givenName}, an extension's
 * attributes as {@code <extension URN>:<attribute>}. {@code id} and {@code schemas} are always returned. A name the
 * resource type doesn't have is refused rather than ignored.
 */
final class ScimProjection {

    /** Top-level attribute (lower case) to the sub-attributes named (empty: the whole attribute). */
    private final Map<String, Set<String>> only;
    private final Map<String, Set<String>> excluded;

    private ScimProjection(Map<String, Set<String>> only, Map<String, Set<String>> excluded) {
        this.only = only;
        this.excluded = excluded;
    }

    /**
     * @param attributes the resource type's top-level attributes and extension URNs, in any case
     */
    static ScimProjection of(String attributesParameter, String excludedParameter, String coreSchema,
                             Set<String> attributes) {
        Set<String> known = new HashSet<>();
        attributes.forEach(name -> known.add(name.toLowerCase(Locale.ROOT)));
        return new ScimProjection(names(attributesParameter, coreSchema, known),
                names(excludedParameter, coreSchema, known));
    }

    private static Map<String, Set<String>> names(String parameter, String coreSchema, Set<String> known) {
        Map<String, Set<String>> names = new HashMap<>();
        if (parameter == null || parameter.isBlank()) {
            return names;
        }
        String corePrefix = coreSchema.toLowerCase(Locale.ROOT) + ":";
        for (String raw : parameter.split(",")) {
            String lower = raw.trim().toLowerCase(Locale.ROOT);
            String name = lower.startsWith(corePrefix) ? lower.substring(corePrefix.length()) : lower;
            String top;
            String sub;
            String extension = known.stream().filter(k -> k.startsWith("urn:"))
                    .filter(k -> name.equals(k) || name.startsWith(k + ":")).findFirst().orElse(null);
            if (extension != null) {
                top = extension;
                sub = name.length() > extension.length() ? name.substring(extension.length() + 1) : null;
            } else {
                int dot = name.indexOf('.');
                top = dot < 0 ? name : name.substring(0, dot);
                sub = dot < 0 ? null : name.substring(dot + 1);
            }
            if (top.equals("id") || top.equals("schemas")) {
                continue;
            }
            if (!known.contains(top)) {
                throw ScimException.badRequest(ScimException.INVALID_VALUE, "No attribute '" + raw.trim()
                        + "'; there are " + String.join(", ", new TreeSet<>(known)) + ".");
            }
            Set<String> subs = names.computeIfAbsent(top, key -> new HashSet<>());
            if (sub == null) {
                // The whole attribute was named: that wins over any of its sub-attributes.
                names.put(top, new HashSet<>(Set.of("")));
            } else if (!subs.contains("")) {
                subs.add(sub);
            }
        }
        return names;
    }

    /** Whether the attribute appears in the answer at all (to skip reading what won't be shown). */
    boolean shows(String attribute) {
        String top = attribute.toLowerCase(Locale.ROOT);
        if (!only.isEmpty()) {
            return only.containsKey(top);
        }
        return !whole(excluded.get(top));
    }

    /** Named in {@code attributes}: for an attribute returned on request only. */
    boolean requested(String attribute) {
        return only.containsKey(attribute.toLowerCase(Locale.ROOT));
    }

    ObjectNode apply(ObjectNode json) {
        json.properties().removeIf(field -> {
            String top = field.getKey().toLowerCase(Locale.ROOT);
            if (top.equals("id") || top.equals("schemas")) {
                return false;
            }
            if (!only.isEmpty()) {
                Set<String> subs = only.get(top);
                if (subs == null) {
                    return true;
                }
                if (!whole(subs)) {
                    keepSubAttributes(field.getValue(), subs, true);
                }
                return false;
            }
            Set<String> subs = excluded.get(top);
            if (subs == null) {
                return false;
            }
            if (whole(subs)) {
                return true;
            }
            keepSubAttributes(field.getValue(), subs, false);
            return false;
        });
        return json;
    }

    private static boolean whole(Set<String> subs) {
        return subs != null && subs.contains("");
    }

    /** On a complex attribute, or on each value of a multi-valued one. */
    private static void keepSubAttributes(JsonNode value, Set<String> subs, boolean keep) {
        if (value.isArray()) {
            value.forEach(element -> keepSubAttributes(element, subs, keep));
        } else if (value instanceof ObjectNode object) {
            object.properties().removeIf(sub -> subs.contains(sub.getKey().toLowerCase(Locale.ROOT)) != keep);
        }
    }
}
