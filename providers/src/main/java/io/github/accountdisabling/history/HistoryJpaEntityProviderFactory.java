package io.github.accountdisabling.history;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the history entity and its Liquibase changelog with Keycloak's JPA layer. */
public class HistoryJpaEntityProviderFactory implements JpaEntityProviderFactory, PackProviderFactory<JpaEntityProvider> {

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
}
