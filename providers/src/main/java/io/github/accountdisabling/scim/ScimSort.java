package io.github.accountdisabling.scim;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Root;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * {@code sortBy} and {@code sortOrder} (RFC 7644 §3.4.2.3), applied by the database: on the attributes a column of
 * Keycloak's table holds, values compared case-insensitively unless case-exact, unassigned values last when
 * ascending (first when descending), ties broken by id so pages don't overlap.
 */
record ScimSort(String column, boolean caseExact, boolean descending) {

    /** The default: by user name (Users) or display name (Groups), ascending. */
    static ScimSort users(String sortBy, String sortOrder) {
        boolean descending = descending(sortOrder);
        if (sortBy == null || sortBy.isBlank()) {
            return new ScimSort("username", true, descending);
        }
        ScimUserFilter.Field field = ScimUserFilter.Field.byPath(sortBy.trim())
                .filter(f -> f.column != null && f != ScimUserFilter.Field.ACCOUNT_DISABLED)
                .orElseThrow(() -> badRequest(INVALID_VALUE, "Can't sort by '" + sortBy + "'; sortable are id, "
                        + "userName, name.givenName, name.familyName, emails, active, meta.created, meta.lastModified."));
        // Keycloak stores user names and e-mails in lower case already.
        boolean asStored = field.caseExact || field == ScimUserFilter.Field.USER_NAME || field == ScimUserFilter.Field.EMAIL
                || field.type != ScimUserFilter.Type.STRING;
        return new ScimSort(field.column, asStored, descending);
    }

    static ScimSort groups(String sortBy, String sortOrder) {
        boolean descending = descending(sortOrder);
        String by = sortBy == null || sortBy.isBlank() ? "displayname" : sortBy.trim().toLowerCase(Locale.ROOT);
        String prefix = ScimGroupJson.SCHEMA.toLowerCase(Locale.ROOT) + ":";
        by = by.startsWith(prefix) ? by.substring(prefix.length()) : by;
        return switch (by) {
            case "displayname" -> new ScimSort("name", true, descending);
            case "id" -> new ScimSort("id", true, descending);
            default -> throw badRequest(INVALID_VALUE, "Can't sort by '" + sortBy + "'; sortable are id, displayName.");
        };
    }

    private static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank() || sortOrder.trim().equalsIgnoreCase("ascending")) {
            return false;
        }
        if (sortOrder.trim().equalsIgnoreCase("descending")) {
            return true;
        }
        throw badRequest(INVALID_VALUE, "'sortOrder' is ascending or descending.");
    }

    /** Never null, unique in what is listed: sorted on its own, so the default order keeps using its index. */
    private static final Set<String> UNIQUE = Set.of("id", "username", "name");
    private static final Set<String> NOT_NULL = Set.of("enabled");

    List<Order> orders(CriteriaBuilder cb, Root<?> root) {
        Expression<Object> value = root.get(column);
        if (UNIQUE.contains(column)) {
            return List.of(descending ? cb.desc(value) : cb.asc(value));
        }
        if (NOT_NULL.contains(column)) {
            return List.of(descending ? cb.desc(value) : cb.asc(value), cb.asc(root.get("id")));
        }
        Expression<Integer> unassigned = cb.<Integer>selectCase().when(cb.isNull(value), 1).otherwise(0);
        @SuppressWarnings("unchecked")
        Expression<?> sorted = caseExact ? value : cb.lower((Expression<String>) (Expression<?>) value);
        List<Order> orders = new ArrayList<>();
        orders.add(descending ? cb.desc(unassigned) : cb.asc(unassigned));
        orders.add(descending ? cb.desc(sorted) : cb.asc(sorted));
        if (!column.equals("id")) {
            orders.add(cb.asc(root.get("id")));
        }
        return orders;
    }
}
