package io.github.accountdisabling.history;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Registers the history entity and its Liquibase changelog with Keycloak's JPA layer. */
public class HistoryJpaEntityProviderFactory implements JpaEntityProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "account-disabling-history";

    private static final JpaEntityProvider PROVIDER = new HistoryJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo();
    }
}
