package io.github.accountdisabling.scim;

import io.github.accountdisabling.scim.ScimUserFilter.And;
import io.github.accountdisabling.scim.ScimUserFilter.Compare;
import io.github.accountdisabling.scim.ScimUserFilter.Constant;
import io.github.accountdisabling.scim.ScimUserFilter.Field;
import io.github.accountdisabling.scim.ScimUserFilter.Node;
import io.github.accountdisabling.scim.ScimUserFilter.Not;
import io.github.accountdisabling.scim.ScimUserFilter.Or;
import io.github.accountdisabling.scim.ScimUserFilter.Present;
import io.github.accountdisabling.account.DisabledAttributes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserAttributeEntity;
import org.keycloak.models.jpa.entities.UserEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The SCIM Users of a realm that match a {@link ScimUserFilter}, counted and paged by the database in one query each,
 * ordered by user name: users of the realm's local store, no service accounts, none removed by a SCIM DELETE
 * (RFC 7644 §3.6). Each user attribute term is its own {@code exists} subquery, so terms on different attributes
 * combine freely.
 */
final class ScimUserQuery {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Optional<Node> filter;

    ScimUserQuery(KeycloakSession session, RealmModel realm, Optional<Node> filter) {
        this.session = session;
        this.realm = realm;
        this.filter = filter;
    }

    long count() {
        EntityManager em = entityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<UserEntity> user = query.from(UserEntity.class);
        query.select(cb.count(user)).where(where(cb, query, user));
        return em.createQuery(query).getSingleResult();
    }

    List<UserModel> page(int first, int max, ScimSort sort) {
        if (max == 0) {
            return List.of();
        }
        EntityManager em = entityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<String> query = cb.createQuery(String.class);
        Root<UserEntity> user = query.from(UserEntity.class);
        query.select(user.get("id")).where(where(cb, query, user)).orderBy(sort.orders(cb, user));
        List<String> ids = em.createQuery(query).setFirstResult(first).setMaxResults(max).getResultList();
        return ids.stream().map(id -> session.users().getUserById(realm, id)).filter(Objects::nonNull).toList();
    }

    private Predicate where(CriteriaBuilder cb, CriteriaQuery<?> query, Root<UserEntity> user) {
        List<Predicate> all = new ArrayList<>();
        all.add(cb.equal(user.get("realmId"), realm.getId()));
        all.add(cb.isNull(user.get("serviceAccountClientLink")));
        all.add(cb.not(removedByScim(cb, query, user)));
        filter.ifPresent(node -> all.add(predicate(node, cb, query, user)));
        return cb.and(all.toArray(Predicate[]::new));
    }

    /** As {@link DisabledAttributes#removedByScim}: deactivated and marked by a SCIM DELETE. */
    private static Predicate removedByScim(CriteriaBuilder cb, CriteriaQuery<?> query, Root<UserEntity> user) {
        Subquery<String> marked = query.subquery(String.class);
        Root<UserAttributeEntity> attribute = marked.from(UserAttributeEntity.class);
        marked.select(attribute.get("id")).where(
                cb.equal(attribute.get("user"), user),
                cb.equal(attribute.get("name"), DisabledAttributes.REMOVED_BY_SCIM));
        return cb.and(cb.isFalse(user.get("enabled")), cb.exists(marked));
    }

    private static Predicate predicate(Node node, CriteriaBuilder cb, CriteriaQuery<?> query, Root<UserEntity> user) {
        if (node instanceof And and) {
            return cb.and(predicate(and.left(), cb, query, user), predicate(and.right(), cb, query, user));
        }
        if (node instanceof Or or) {
            return cb.or(predicate(or.left(), cb, query, user), predicate(or.right(), cb, query, user));
        }
        if (node instanceof Not not) {
            return cb.not(predicate(not.inner(), cb, query, user));
        }
        if (node instanceof Constant constant) {
            return constant.value() ? cb.conjunction() : cb.disjunction();
        }
        if (node instanceof Present present) {
            return present(present.field(), cb, query, user);
        }
        return compare((Compare) node, cb, query, user);
    }

    private static Predicate present(Field field, CriteriaBuilder cb, CriteriaQuery<?> query, Root<UserEntity> user) {
        if (field.attribute != null) {
            return attributeExists(field.attribute, cb, query, user, value -> cb.notEqual(value, ""));
        }
        Expression<Object> column = user.get(field.column);
        return field.type == ScimUserFilter.Type.STRING
                ? cb.and(cb.isNotNull(column), cb.notEqual(column, ""))
                : cb.isNotNull(column);
    }

    /** {@code ne} is the negation of {@code eq}: a user without the attribute is "not equal" too. */
    private static Predicate compare(Compare compare, CriteriaBuilder cb, CriteriaQuery<?> query, Root<UserEntity> user) {
        Field field = compare.field();
        if (compare.operator() == ScimFilterTree.Operator.NE) {
            return cb.not(compare(new Compare(field, ScimFilterTree.Operator.EQ, compare.value()), cb, query, user));
        }
        if (field.attribute != null) {
            return attributeExists(field.attribute, cb, query, user,
                    value -> text(compare, field.caseExact ? value : cb.lower(value), cb));
        }
        return switch (field.type) {
            case BOOLEAN -> cb.equal(user.get(field.column), compare.value());
            case DATETIME -> ScimCriteria.instant(compare.operator(), field == Field.LAST_MODIFIED
                    ? cb.coalesce(user.<Long>get("lastModifiedTimestamp"), user.<Long>get("createdTimestamp"))
                    : user.get(field.column), (Long) compare.value(), cb);
            case STRING -> {
                Expression<String> column = user.get(field.column);
                // Keycloak stores user names and e-mails in lower case: compared as they are, their indexes serve.
                boolean asStored = field.caseExact || field == Field.USER_NAME || field == Field.EMAIL;
                yield cb.and(cb.isNotNull(column), text(compare, asStored ? column : cb.lower(column), cb));
            }
        };
    }

    private interface ValueTest {
        Predicate on(Expression<String> value);
    }

    private static Predicate attributeExists(String name, CriteriaBuilder cb, CriteriaQuery<?> query,
                                             Root<UserEntity> user, ValueTest test) {
        Subquery<String> match = query.subquery(String.class);
        Root<UserAttributeEntity> attribute = match.from(UserAttributeEntity.class);
        match.select(attribute.get("id")).where(
                cb.equal(attribute.get("user"), user),
                cb.equal(attribute.get("name"), name),
                test.on(attribute.get("value")));
        return cb.exists(match);
    }

    private static Predicate text(Compare compare, Expression<String> value, CriteriaBuilder cb) {
        String wanted = compare.field().caseExact ? (String) compare.value()
                : ((String) compare.value()).toLowerCase(Locale.ROOT);
        return ScimCriteria.text(compare.operator(), value, wanted, cb);
    }

    private EntityManager entityManager() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
