package io.github.accountdisabling.scim;

import io.github.accountdisabling.scim.ScimFilterTree.Operator;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;

/** A filter's comparisons as JPA predicates, shared by the Users and Groups queries. */
final class ScimCriteria {

    private ScimCriteria() {
    }

    /** {@code ne} is answered by the caller as {@code not eq}, so a resource without the attribute matches it. */
    static Predicate text(Operator operator, Expression<String> value, String wanted, CriteriaBuilder cb) {
        return switch (operator) {
            case EQ -> cb.equal(value, wanted);
            case CO -> cb.like(value, "%" + escapeLike(wanted) + "%", '\\');
            case SW -> cb.like(value, escapeLike(wanted) + "%", '\\');
            case EW -> cb.like(value, "%" + escapeLike(wanted), '\\');
            case GT -> cb.greaterThan(value, wanted);
            case GE -> cb.greaterThanOrEqualTo(value, wanted);
            case LT -> cb.lessThan(value, wanted);
            case LE -> cb.lessThanOrEqualTo(value, wanted);
            case NE -> throw new IllegalStateException("ne is answered as not eq");
        };
    }

    static Predicate instant(Operator operator, Expression<Long> value, long wanted, CriteriaBuilder cb) {
        return switch (operator) {
            case EQ -> cb.equal(value, wanted);
            case GT -> cb.greaterThan(value, wanted);
            case GE -> cb.greaterThanOrEqualTo(value, wanted);
            case LT -> cb.lessThan(value, wanted);
            case LE -> cb.lessThanOrEqualTo(value, wanted);
            default -> throw new IllegalStateException("refused by the filter's parser");
        };
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
