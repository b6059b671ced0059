package io.github.accountdisabling.rest;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the pack's admin API at {@code /admin/realms/{realm}/account-disabling}. */
public class AccountDisablingAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, PackProviderFactory<AdminRealmResourceProvider> {

    /** Also the URL segment under {@code /admin/realms/{realm}/}. */
    public static final String ID = "account-disabling";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new Provider();
    }

    @Override
    public String getId() {
        return ID;
    }

    private static final class Provider implements AdminRealmResourceProvider {
        @Override
        public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                  AdminEventBuilder adminEvent) {
            return new AccountDisablingAdminResource(session, realm, auth, adminEvent);
        }

        @Override
        public void close() {
        }
    }
}
