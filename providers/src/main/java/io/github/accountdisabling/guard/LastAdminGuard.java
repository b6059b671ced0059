package io.github.accountdisabling.guard;

import io.github.accountdisabling.account.Refusal;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.UserAdapter;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.storage.StorageId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The realm's administrator role is {@code realm-admin} of {@code realm-management}, or {@code admin} in master.
 * Holders are the role's direct members and members of groups that hold it; service accounts don't count,
 * since nobody can sign in as one to repair the realm.
 */
final class LastAdminGuard implements DeactivationGuard {

    /**
     * Deactivations of administrators are serialised per realm: the realm's row is locked before the other
     * administrators are counted, and their {@code enabled} flags are read from the database, not the user cache, so
     * of two administrators deactivated at the same moment the second sees the first one's commit. Lock order: the
     * target's user row (taken by the service), then the realm row.
     */
    @Override
    public Optional<Refusal> check(GuardContext context) {
        KeycloakSession session = context.session();
        RealmModel realm = context.realm();
        UserModel target = context.user();
        RoleModel adminRole = adminRole(realm);
        // The realm's truth, not the caller's view: under fine-grained admin permissions Keycloak filters user and
        // group queries by what the caller may see, which would hide other administrators from a delegated caller.
        if (adminRole == null || !AdminPermissionsSchema.runWithoutAuthorization(session,
                () -> holds(session, realm, target, adminRole))) {
            return Optional.empty();
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.find(RealmEntity.class, realm.getId(), LockModeType.PESSIMISTIC_WRITE);
        Set<String> candidates = new HashSet<>();
        List<UserModel> outsideKeycloaksTables = new ArrayList<>();
        AdminPermissionsSchema.runWithoutAuthorization(session, () -> holders(session, realm, adminRole).toList())
                .stream()
                .filter(user -> !user.getId().equals(target.getId()))
                .filter(user -> user.getServiceAccountClientLink() == null)
                .forEach(user -> {
                    // the user cache may not have seen another administrator's deactivation yet: Keycloak's own
                    // table is asked instead wherever the user lives there
                    if (StorageId.isLocalStorage(user.getId())) {
                        candidates.add(user.getId());
                    } else {
                        outsideKeycloaksTables.add(user);
                    }
                });
        boolean anotherAdmin = outsideKeycloaksTables.stream().anyMatch(UserModel::isEnabled)
                || (!candidates.isEmpty() && em.createQuery(
                        "select count(u) from UserEntity u where u.id in :ids and u.enabled = true", Long.class)
                .setParameter("ids", candidates)
                .getSingleResult() > 0);
        return anotherAdmin ? Optional.empty() : Optional.of(new Refusal(422, LastAdminGuardFactory.CODE,
                "The account is the realm's last enabled administrator and can't be disabled."));
    }

    static RoleModel adminRole(RealmModel realm) {
        if (org.keycloak.Config.getAdminRealm().equals(realm.getName())) {
            return realm.getRole(AdminRoles.ADMIN);
        }
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return management == null ? null : management.getRole(AdminRoles.REALM_ADMIN);
    }

    /**
     * {@link UserModel#hasRole}, cheaper for a user of Keycloak's own tables: Keycloak builds its group-membership
     * query as a new criteria query on every call, this one is parsed once.
     */
    private static boolean holds(KeycloakSession session, RealmModel realm, UserModel user, RoleModel role) {
        if (!(user instanceof UserAdapter)) {
            return user.hasRole(role);
        }
        if (RoleUtils.hasRole(user.getRoleMappingsStream(), role)) {
            return true;
        }
        List<String> groupIds = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("select m.groupId from UserGroupMembershipEntity m where m.user.id = :userId", String.class)
                .setParameter("userId", user.getId())
                .getResultList();
        return RoleUtils.hasRoleFromGroup(groupIds.stream()
                .map(id -> session.groups().getGroupById(realm, id))
                .filter(Objects::nonNull), role, true);
    }

    /**
     * Everyone who holds {@code role} effectively: directly or through a composite role, as a member of a group (or
     * of a sub-group of a group) that holds it directly or through a composite.
     */
    private static Stream<UserModel> holders(KeycloakSession session, RealmModel realm, RoleModel role) {
        List<RoleModel> granting = Stream.concat(realm.getRolesStream(),
                        realm.getClientsStream().flatMap(ClientModel::getRolesStream))
                .filter(candidate -> candidate.getId().equals(role.getId()) || candidate.hasRole(role))
                .toList();
        Stream<UserModel> direct = granting.stream()
                .flatMap(granted -> session.users().getRoleMembersStream(realm, granted));
        Stream<UserModel> viaGroups = session.groups().getGroupsStream(realm)
                .filter(group -> group.hasRole(role))
                .flatMap(group -> session.users().getGroupMembersStream(realm, group));
        return Stream.concat(direct, viaGroups).filter(user -> user.hasRole(role));
    }
}
