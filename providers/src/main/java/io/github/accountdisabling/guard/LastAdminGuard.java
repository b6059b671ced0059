package io.github.accountdisabling.guard;

import io.github.accountdisabling.service.Refusal;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.UserAdapter;
import org.keycloak.models.utils.RoleUtils;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The realm's administrator role is {@code realm-admin} of {@code realm-management}, or {@code admin} in master.
 * Holders are the role's direct members and members of groups that hold it; service accounts don't count,
 * since nobody can sign in as one to repair the realm.
 */
final class LastAdminGuard implements DeactivationGuard {

    @Override
    public Optional<Refusal> check(GuardContext context) {
        RealmModel realm = context.realm();
        UserModel target = context.user();
        RoleModel adminRole = adminRole(realm);
        if (adminRole == null || !holds(context.session(), realm, target, adminRole)) {
            return Optional.empty();
        }
        boolean anotherAdmin = holders(context.session(), realm, adminRole)
                .filter(user -> !user.getId().equals(target.getId()))
                .filter(UserModel::isEnabled)
                .filter(user -> user.getServiceAccountClientLink() == null)
                .anyMatch(user -> user.hasRole(adminRole));
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

    private static Stream<UserModel> holders(KeycloakSession session, RealmModel realm, RoleModel role) {
        Stream<UserModel> direct = session.users().getRoleMembersStream(realm, role);
        Stream<UserModel> viaGroups = session.groups().getGroupsStream(realm)
                .filter(group -> group.hasRole(role))
                .flatMap(group -> session.users().getGroupMembersStream(realm, group));
        return Stream.concat(direct, viaGroups);
    }
}
