package io.github.accountdisabling.scim;

import io.github.accountdisabling.scim.ScimFilterTree.Operator;
import io.github.accountdisabling.account.DisabledAttributes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.GroupAttributeEntity;
import org.keycloak.models.jpa.entities.GroupEntity;
import org.keycloak.models.jpa.entities.UserAttributeEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;
import org.keycloak.scim.filter.ScimFilterParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import static io.github.accountdisabling.scim.ScimException.INVALID_FILTER;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * The SCIM Groups of a realm, the realm's top-level groups (subgroups and organizations' groups are not SCIM
 * Groups), and their members as SCIM sees them: users of the realm, no service accounts, none removed by a SCIM
 * DELETE. Filters on {@code id}, {@code displayName}, {@code externalId}, {@code members} / {@code members.value} /
 * {@code members[value eq …]} and {@code meta.created}/{@code meta.lastModified} are answered by the database,
 * counted and paged there, ordered by name.
 */
final class ScimGroupQuery {

    /** Group attribute holding the provisioning client's {@code externalId}. */
    static final String EXTERNAL_ID_ATTRIBUTE = "scimExternalId";
    private static final String FILTERABLE = "filterable are id, displayName, externalId, members.value, "
            + "meta.created, meta.lastModified";

    private final KeycloakSession session;
    private final RealmModel realm;

    ScimGroupQuery(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The group as SCIM sees it, or empty. */
    Optional<GroupModel> find(String id) {
        GroupModel group = session.groups().getGroupById(realm, id);
        return Optional.ofNullable(group).filter(ScimGroupQuery::isScimGroup);
    }

    /**
     * Locks the group's row for the rest of the transaction, so membership decisions and the If-Match comparison see
     * no concurrent change of the same group.
     */
    void lock(GroupModel group) {
        entityManager().find(GroupEntity.class, group.getId(), LockModeType.PESSIMISTIC_WRITE);
    }

    static boolean isScimGroup(GroupModel group) {
        return group.getParentId() == null && group.getType() == GroupModel.Type.REALM;
    }

    long count(Optional<ScimFilterParser.ExpressionContext> filter) {
        EntityManager em = entityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<GroupEntity> group = query.from(GroupEntity.class);
        query.select(cb.count(group)).where(where(filter, cb, query, group));
        return em.createQuery(query).getSingleResult();
    }

    List<GroupModel> page(Optional<ScimFilterParser.ExpressionContext> filter, int first, int max, ScimSort sort) {
        if (max == 0) {
            return List.of();
        }
        EntityManager em = entityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<String> query = cb.createQuery(String.class);
        Root<GroupEntity> group = query.from(GroupEntity.class);
        query.select(group.get("id")).where(where(filter, cb, query, group)).orderBy(sort.orders(cb, group));
        List<String> ids = em.createQuery(query).setFirstResult(first).setMaxResults(max).getResultList();
        return ids.stream().map(id -> session.groups().getGroupById(realm, id)).filter(Objects::nonNull).toList();
    }

    /** A member as the group lists it. */
    record Member(String id, String userName) {
    }

    /** The group's members as SCIM sees them, by user name. */
    List<Member> members(GroupModel group) {
        EntityManager em = entityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Member> query = cb.createQuery(Member.class);
        Root<UserGroupMembershipEntity> membership = query.from(UserGroupMembershipEntity.class);
        Join<UserGroupMembershipEntity, UserEntity> user = membership.join("user");
        query.select(cb.construct(Member.class, user.get("id"), user.get("username")))
                .where(cb.equal(membership.get("groupId"), group.getId()), visible(cb, query, user))
                .orderBy(cb.asc(user.get("username")));
        return em.createQuery(query).getResultList();
    }

    /** Whether the user is a direct member, read from the database (not a cache) under the group's lock. */
    boolean isMember(GroupModel group, String userId) {
        EntityManager em = entityManager();
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> query = cb.createQuery(Long.class);
        Root<UserGroupMembershipEntity> membership = query.from(UserGroupMembershipEntity.class);
        query.select(cb.count(membership)).where(cb.equal(membership.get("groupId"), group.getId()),
                cb.equal(membership.get("user").get("id"), userId));
        return em.createQuery(query).getSingleResult() > 0;
    }

    private Predicate where(Optional<ScimFilterParser.ExpressionContext> filter, CriteriaBuilder cb,
                            AbstractQuery<?> query, Root<GroupEntity> group) {
        List<Predicate> all = new ArrayList<>();
        all.add(cb.equal(group.get("realm"), realm.getId()));
        all.add(cb.equal(group.get("type"), GroupModel.Type.REALM.intValue()));
        all.add(cb.equal(group.get("parentId"), GroupEntity.TOP_PARENT_ID));
        filter.ifPresent(expression -> all.add(ScimFilterTree.walk(expression, new Predicates(cb, query, group, false))));
        return cb.and(all.toArray(Predicate[]::new));
    }

    /** Members SCIM shows: no service accounts, none a SCIM DELETE removed (deactivated and marked). */
    private static Predicate visible(CriteriaBuilder cb, AbstractQuery<?> query, Path<UserEntity> user) {
        Subquery<String> marked = query.subquery(String.class);
        Root<UserAttributeEntity> attribute = marked.from(UserAttributeEntity.class);
        marked.select(attribute.get("id")).where(
                cb.equal(attribute.get("user"), user),
                cb.equal(attribute.get("name"), DisabledAttributes.REMOVED_BY_SCIM));
        return cb.and(cb.isNull(user.get("serviceAccountClientLink")),
                cb.not(cb.and(cb.isFalse(user.get("enabled")), cb.exists(marked))));
    }

    /** Turns each part of a Groups filter into a predicate; {@code inMembers} inside {@code members[…]}. */
    private record Predicates(CriteriaBuilder cb, AbstractQuery<?> query, Root<GroupEntity> group,
                              boolean inMembers) implements ScimFilterTree.Builder<Predicate> {

        @Override
        public Predicate and(Predicate left, Predicate right) {
            return cb.and(left, right);
        }

        @Override
        public Predicate or(Predicate left, Predicate right) {
            return cb.or(left, right);
        }

        @Override
        public Predicate not(Predicate inner) {
            return cb.not(inner);
        }

        @Override
        public Predicate valuePath(String parent, ScimFilterParser.ExpressionContext inner) {
            if (inMembers || !attribute(parent).equals("members")) {
                throw badRequest(INVALID_FILTER, "A value filter ('[…]') is supported on 'members' only.");
            }
            return ScimFilterTree.walk(inner, new Predicates(cb, query, group, true));
        }

        @Override
        public Predicate present(String path) {
            String attribute = attribute(path);
            return switch (attribute) {
                case "id", "displayname", "meta.created", "meta.lastmodified" -> cb.conjunction();
                case "externalid" -> externalId(value -> cb.notEqual(value, ""));
                case "members", "members.value" -> member(null);
                default -> throw unknown(path);
            };
        }

        @Override
        public Predicate compare(String path, Operator operator, ScimFilterParser.CompValueContext value) {
            if (operator == Operator.NE) {
                return cb.not(compare(path, Operator.EQ, value));
            }
            String attribute = attribute(path);
            return switch (attribute) {
                case "id" -> ScimCriteria.text(operator, group.get("id"), ScimFilterTree.text(path, value), cb);
                case "displayname" -> ScimCriteria.text(operator, cb.lower(group.get("name")),
                        ScimFilterTree.text(path, value).toLowerCase(Locale.ROOT), cb);
                case "externalid" -> externalId(stored ->
                        ScimCriteria.text(operator, stored, ScimFilterTree.text(path, value), cb));
                case "members", "members.value" -> {
                    if (operator != Operator.EQ) {
                        throw ScimFilterTree.meaningless(operator, "reference", path);
                    }
                    yield member(ScimFilterTree.text(path, value));
                }
                case "meta.created", "meta.lastmodified" -> ScimCriteria.instant(operator,
                        attribute.equals("meta.created") ? group.get("createdTimestamp")
                                : cb.coalesce(group.<Long>get("lastModifiedTimestamp"), group.<Long>get("createdTimestamp")),
                        instantOf(operator, path, value), cb);
                default -> throw unknown(path);
            };
        }

        private long instantOf(Operator operator, String path, ScimFilterParser.CompValueContext value) {
            if (operator == Operator.CO || operator == Operator.SW || operator == Operator.EW) {
                throw ScimFilterTree.meaningless(operator, "dateTime", path);
            }
            return ScimFilterTree.instant(path, value);
        }

        /** Inside {@code members[…]} only {@code value} exists; outside, paths may carry the Group schema's URN. */
        private String attribute(String path) {
            String lower = path.toLowerCase(Locale.ROOT);
            if (inMembers) {
                if (!lower.equals("value")) {
                    throw badRequest(INVALID_FILTER, "'members' is filtered by 'value' only, not '" + path + "'.");
                }
                return "members.value";
            }
            String prefix = ScimGroupJson.SCHEMA.toLowerCase(Locale.ROOT) + ":";
            return lower.startsWith(prefix) ? lower.substring(prefix.length()) : lower;
        }

        private Predicate externalId(ValueTest test) {
            Subquery<String> match = query.subquery(String.class);
            Root<GroupAttributeEntity> attribute = match.from(GroupAttributeEntity.class);
            match.select(attribute.get("id")).where(
                    cb.equal(attribute.get("group"), group),
                    cb.equal(attribute.get("name"), EXTERNAL_ID_ATTRIBUTE),
                    test.on(attribute.get("value")));
            return cb.exists(match);
        }

        /** A visible member with this id, or any visible member for a null id. */
        private Predicate member(String userId) {
            Subquery<String> match = query.subquery(String.class);
            Root<UserGroupMembershipEntity> membership = match.from(UserGroupMembershipEntity.class);
            Join<UserGroupMembershipEntity, UserEntity> user = membership.join("user");
            List<Predicate> all = new ArrayList<>();
            all.add(cb.equal(membership.get("groupId"), group.get("id")));
            if (userId != null) {
                all.add(cb.equal(user.get("id"), userId));
            }
            all.add(visible(cb, match, user));
            match.select(user.get("id")).where(all.toArray(Predicate[]::new));
            return cb.exists(match);
        }

        private static ScimException unknown(String path) {
            return badRequest(INVALID_FILTER, "Filtering Groups on '" + path + "' is not supported; " + FILTERABLE + ".");
        }
    }

    private interface ValueTest {
        Predicate on(Expression<String> value);
    }

    private EntityManager entityManager() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
