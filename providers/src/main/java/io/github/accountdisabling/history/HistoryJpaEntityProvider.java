package io.github.accountdisabling.history;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

import java.util.List;

final class HistoryJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(HistoryEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/account-disabling-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return HistoryJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}
