package io.github.accountdisabling.scim;

import io.github.accountdisabling.scim.ScimFilterTree.Operator;
import org.keycloak.scim.filter.ScimFilterParser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.github.accountdisabling.scim.ScimException.INVALID_FILTER;
import static io.github.accountdisabling.scim.ScimException.badRequest;
import static io.github.accountdisabling.scim.ScimFilterTree.bool;
import static io.github.accountdisabling.scim.ScimFilterTree.instant;
import static io.github.accountdisabling.scim.ScimFilterTree.text;

/**
 * A SCIM filter on Users (RFC 7644 §3.4.2.2), parsed by Keycloak's own SCIM filter grammar and checked against the
 * attributes this endpoint stores: every operator, {@code and}, {@code or}, {@code not}, parentheses and the
 * {@code emails[…]} value path. What can't be answered exactly (an attribute not stored, an operator the type has no
 * meaning for, a value of the wrong type) is refused with {@code invalidFilter} rather than answered approximately.
 * {@link ScimUserQuery} turns the result into one database query.
 */
final class ScimUserFilter {

    enum Type { STRING, BOOLEAN, DATETIME }

    /**
     * A filterable attribute, backed by a column of Keycloak's user table or a user attribute: Keycloak's own fields,
     * the state, the timestamps and every single-valued {@link ScimStoredAttribute}.
     */
    static final class Field {
        static final Field ID = new Field(Type.STRING, true, "id", null, "id");
        static final Field USER_NAME = new Field(Type.STRING, false, "username", null, "userName");
        static final Field EXTERNAL_ID = new Field(Type.STRING, true, null, ScimUser.EXTERNAL_ID_ATTRIBUTE, "externalId");
        static final Field DISPLAY_NAME = new Field(Type.STRING, false, null, ScimUser.DISPLAY_NAME_ATTRIBUTE, "displayName");
        static final Field GIVEN_NAME = new Field(Type.STRING, false, "firstName", null, "name.givenName");
        static final Field FAMILY_NAME = new Field(Type.STRING, false, "lastName", null, "name.familyName");
        static final Field EMAIL = new Field(Type.STRING, false, "email", null, "emails", "emails.value");
        static final Field ACTIVE = new Field(Type.BOOLEAN, true, "enabled", null, "active");
        /** {@code !active}: compared with the negated value. */
        static final Field ACCOUNT_DISABLED = new Field(Type.BOOLEAN, true, "enabled", null,
                ScimJson.WSO2_SCHEMA + ":accountDisabled");
        static final Field CREATED = new Field(Type.DATETIME, true, "createdTimestamp", null, "meta.created");
        static final Field LAST_MODIFIED = new Field(Type.DATETIME, true, "lastModifiedTimestamp", null, "meta.lastModified");

        private static final List<Field> ALL = all();

        final Type type;
        final boolean caseExact;
        /** The user table's column (entity field), or null for an attribute. */
        final String column;
        final String attribute;
        private final List<String> paths;
        private final List<String> lowerPaths;

        private Field(Type type, boolean caseExact, String column, String attribute, String... paths) {
            this.type = type;
            this.caseExact = caseExact;
            this.column = column;
            this.attribute = attribute;
            this.paths = List.of(paths);
            this.lowerPaths = Arrays.stream(paths).map(path -> path.toLowerCase(Locale.ROOT)).toList();
        }

        private static List<Field> all() {
            List<Field> all = new ArrayList<>(List.of(ID, USER_NAME, EXTERNAL_ID, DISPLAY_NAME, GIVEN_NAME, FAMILY_NAME,
                    EMAIL, ACTIVE, ACCOUNT_DISABLED, CREATED, LAST_MODIFIED));
            for (ScimStoredAttribute stored : ScimStoredAttribute.values()) {
                if (stored.filterable()) {
                    // The manager is an id: compared exactly, as id is.
                    boolean manager = stored.kind == ScimStoredAttribute.Kind.MANAGER;
                    all.add(manager
                            ? new Field(Type.STRING, true, null, stored.attribute, stored.fullPath(), stored.fullPath() + ".value")
                            : new Field(Type.STRING, false, null, stored.attribute, stored.fullPath()));
                }
            }
            return List.copyOf(all);
        }

        static Optional<Field> byPath(String path) {
            String lower = path.toLowerCase(Locale.ROOT);
            String corePrefix = ScimJson.CORE_USER_SCHEMA.toLowerCase(Locale.ROOT) + ":";
            String bare = lower.startsWith(corePrefix) ? lower.substring(corePrefix.length()) : lower;
            return ALL.stream().filter(field -> field.lowerPaths.contains(bare)).findFirst();
        }

        /** The paths a filter may name, for the refusal's text. */
        static String names() {
            return String.join(", ", ALL.stream().map(field -> field.paths.get(0)).toList());
        }

        @Override
        public String toString() {
            return paths.get(0);
        }
    }

    sealed interface Node permits And, Or, Not, Compare, Present, Constant {
    }

    record And(Node left, Node right) implements Node {
    }

    record Or(Node left, Node right) implements Node {
    }

    record Not(Node inner) implements Node {
    }

    /** {@code value} is a String, a Boolean (already negated for {@link Field#ACCOUNT_DISABLED}) or epoch millis. */
    record Compare(Field field, Operator operator, Object value) implements Node {
    }

    record Present(Field field) implements Node {
    }

    /** A term whose answer is known without the database (the stored e-mail's constant {@code type}). */
    record Constant(boolean value) implements Node {
    }

    private ScimUserFilter() {
    }

    /** Empty for no filter. */
    static Optional<Node> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ScimFilterTree.walk(ScimFilterTree.parse(filter), new Nodes(null)));
    }

    /** Outside a value path {@code valuePath} is null; inside {@code emails[…]} it names it. */
    private record Nodes(String valuePath) implements ScimFilterTree.Builder<Node> {

        @Override
        public Node and(Node left, Node right) {
            return new And(left, right);
        }

        @Override
        public Node or(Node left, Node right) {
            return new Or(left, right);
        }

        @Override
        public Node not(Node inner) {
            return new Not(inner);
        }

        @Override
        public Node valuePath(String parent, ScimFilterParser.ExpressionContext inner) {
            if (valuePath != null) {
                throw badRequest(INVALID_FILTER, "Value filters don't nest.");
            }
            if (Field.byPath(parent).filter(field -> field == Field.EMAIL).isEmpty()) {
                throw badRequest(INVALID_FILTER, "A value filter ('[…]') is supported on 'emails' only.");
            }
            // Every value filter term must hold for the one stored e-mail, so the e-mail must exist.
            return new And(new Present(Field.EMAIL), ScimFilterTree.walk(inner, new Nodes(parent)));
        }

        @Override
        public Node present(String path) {
            String attribute = attributePath(path);
            if (attribute.equals("emails.type") || attribute.equals("emails.primary")) {
                return new Constant(true);
            }
            return new Present(field(attribute));
        }

        @Override
        public Node compare(String path, Operator operator, ScimFilterParser.CompValueContext value) {
            return comparison(attributePath(path), operator, value);
        }

        /** Inside {@code emails[…]} the sub-attributes of the one stored e-mail: its value, type "work", primary. */
        private String attributePath(String path) {
            if (valuePath == null) {
                return path;
            }
            return switch (path.toLowerCase(Locale.ROOT)) {
                case "value" -> "emails.value";
                case "type" -> "emails.type";
                case "primary" -> "emails.primary";
                default -> throw badRequest(INVALID_FILTER, "'" + valuePath + "' has no sub-attribute '" + path + "'.");
            };
        }
    }

    private static Node comparison(String path, Operator operator, ScimFilterParser.CompValueContext value) {
        if (path.equals("emails.type")) {
            return new Constant(ScimFilterTree.matches("work", operator, text(path, value).toLowerCase(Locale.ROOT)));
        }
        if (path.equals("emails.primary")) {
            boolean wanted = bool(path, value);
            return switch (operator) {
                case EQ -> new Constant(wanted);
                case NE -> new Constant(!wanted);
                default -> throw ScimFilterTree.meaningless(operator, "boolean", "primary");
            };
        }
        Field field = field(path);
        return switch (field.type) {
            case STRING -> new Compare(field, operator, text(path, value));
            case BOOLEAN -> {
                if (operator != Operator.EQ && operator != Operator.NE) {
                    throw ScimFilterTree.meaningless(operator, "boolean", path);
                }
                boolean wanted = bool(path, value);
                yield new Compare(field, operator, field == Field.ACCOUNT_DISABLED ? !wanted : wanted);
            }
            case DATETIME -> {
                if (operator == Operator.CO || operator == Operator.SW || operator == Operator.EW) {
                    throw ScimFilterTree.meaningless(operator, "dateTime", path);
                }
                yield new Compare(field, operator, instant(path, value));
            }
        };
    }

    private static Field field(String path) {
        return Field.byPath(path).orElseThrow(() -> badRequest(INVALID_FILTER,
                "Filtering on '" + path + "' is not supported; filterable are " + Field.names() + "."));
    }
}
