package io.github.accountdisabling.scim;

import org.keycloak.scim.filter.FilterUtils;
import org.keycloak.scim.filter.ScimFilterParser;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import static io.github.accountdisabling.scim.ScimException.INVALID_FILTER;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * Walks a filter parsed by Keycloak's SCIM filter grammar (RFC 7644 §3.4.2.2) into a resource type's own nodes:
 * the grammar ({@code and}, {@code or}, {@code not}, parentheses, value paths) is the same for Users and Groups,
 * the attributes each can answer are not.
 */
final class ScimFilterTree {

    enum Operator { EQ, NE, CO, SW, EW, GT, GE, LT, LE }

    /** What a resource type makes of each part of a filter; it refuses what it can't answer. */
    interface Builder<N> {
        N and(N left, N right);

        N or(N left, N right);

        N not(N inner);

        /** {@code parent[inner]}. */
        N valuePath(String parent, ScimFilterParser.ExpressionContext inner);

        N present(String path);

        N compare(String path, Operator operator, ScimFilterParser.CompValueContext value);
    }

    private ScimFilterTree() {
    }

    static ScimFilterParser.ExpressionContext parse(String filter) {
        try {
            return FilterUtils.parseFilter(filter).expression();
        } catch (RuntimeException e) {
            // Keycloak's parser throws ScimFilterException for syntax, length and depth; ANTLR may throw its own.
            throw badRequest(INVALID_FILTER, "The filter is not valid: " + e.getMessage());
        }
    }

    static <N> N walk(ScimFilterParser.ExpressionContext context, Builder<N> builder) {
        N right = and(context.andExpression(), builder);
        return context.expression() == null ? right : builder.or(walk(context.expression(), builder), right);
    }

    private static <N> N and(ScimFilterParser.AndExpressionContext context, Builder<N> builder) {
        N right = not(context.notExpression(), builder);
        return context.andExpression() == null ? right : builder.and(and(context.andExpression(), builder), right);
    }

    private static <N> N not(ScimFilterParser.NotExpressionContext context, Builder<N> builder) {
        return context.NOT() != null ? builder.not(not(context.notExpression(), builder)) : atom(context.atom(), builder);
    }

    private static <N> N atom(ScimFilterParser.AtomContext context, Builder<N> builder) {
        if (context.expression() != null) {
            return walk(context.expression(), builder);
        }
        if (context.valuePath() != null) {
            return builder.valuePath(context.valuePath().ATTRPATH().getText(), context.valuePath().expression());
        }
        ScimFilterParser.AttributeExpressionContext expression = context.attributeExpression();
        if (expression instanceof ScimFilterParser.PresentExpressionContext present) {
            return builder.present(present.ATTRPATH().getText());
        }
        if (expression instanceof ScimFilterParser.ComparisonExpressionContext comparison) {
            return builder.compare(comparison.ATTRPATH().getText(),
                    Operator.valueOf(comparison.compareOp().getText().toUpperCase(Locale.ROOT)), comparison.compValue());
        }
        throw badRequest(INVALID_FILTER, "The filter is not valid.");
    }

    static String text(String path, ScimFilterParser.CompValueContext value) {
        if (value.STRING() == null) {
            throw badRequest(INVALID_FILTER, "'" + path + "' is compared with a quoted string.");
        }
        return FilterUtils.extractCompValue(value);
    }

    static boolean bool(String path, ScimFilterParser.CompValueContext value) {
        if (value.TRUE() != null || value.FALSE() != null) {
            return value.TRUE() != null;
        }
        if (value.STRING() != null) {
            String text = FilterUtils.extractCompValue(value);
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        throw badRequest(INVALID_FILTER, "'" + path + "' is compared with true or false.");
    }

    static long instant(String path, ScimFilterParser.CompValueContext value) {
        String text = text(path, value);
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw badRequest(INVALID_FILTER, "'" + path + "' is compared with an RFC 3339 date-time such as "
                    + "\"2026-01-31T12:00:00Z\".");
        }
    }

    /** A comparison answered in memory, on a value already in the case it is compared in. */
    static boolean matches(String stored, Operator operator, String wanted) {
        return switch (operator) {
            case EQ -> stored.equals(wanted);
            case NE -> !stored.equals(wanted);
            case CO -> stored.contains(wanted);
            case SW -> stored.startsWith(wanted);
            case EW -> stored.endsWith(wanted);
            case GT -> stored.compareTo(wanted) > 0;
            case GE -> stored.compareTo(wanted) >= 0;
            case LT -> stored.compareTo(wanted) < 0;
            case LE -> stored.compareTo(wanted) <= 0;
        };
    }

    static ScimException meaningless(Operator operator, String type, String path) {
        return badRequest(INVALID_FILTER, "'" + operator.name().toLowerCase(Locale.ROOT)
                + "' has no meaning for the " + type + " '" + path + "'.");
    }
}
