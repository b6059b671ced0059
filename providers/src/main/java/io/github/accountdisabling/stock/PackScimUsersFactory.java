package io.github.accountdisabling.stock;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.scim.model.user.UserResourceTypeProvider;
import org.keycloak.scim.model.user.UserResourceTypeProviderFactory;

import java.util.Map;

/**
 * Replaces Keycloak's own SCIM user resource type: Keycloak picks the factory of a resource type by its id (the path
 * segment {@code Users}), and of two factories with one id the one with the higher order.
 */
public final class PackScimUsersFactory extends UserResourceTypeProviderFactory implements ServerInfoAwareProviderFactory {

    /** Keycloak's own id, the resource type's path segment. */
    public static final String ID = "Users";

    @Override
    public UserResourceTypeProvider create(KeycloakSession session) {
        return new PackScimUsers(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo();
    }
}
