package io.github.accountdisabling.config;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;
import org.keycloak.storage.StoreSyncEvent;

/**
 * Calls {@link SettingsService#follow} whenever a realm's settings may have been written without the pack: a realm
 * created or imported, a realm updated through Keycloak's admin API (kcadm, the realm settings page), and every
 * realm once at start-up (a realm turned on before this version of the pack declared the user profile). Keycloak
 * publishes these whatever the realm's event listeners are.
 */
public final class RealmSettingsFollower implements ProviderEventListener {

    private final KeycloakSessionFactory factory;

    public RealmSettingsFollower(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            SettingsService.follow(created.getKeycloakSession(), created.getCreatedRealm());
        } else if (event instanceof StoreSyncEvent updated && !updated.getRemoved() && updated.getModel() == null
                && updated.getSession().getTransactionManager().isActive()) {
            // Also published after an import commits, when nothing can be written any more: skipped, the
            // post-create event above has done it.
            SettingsService.follow(updated.getSession(), updated.getRealm());
        } else if (event instanceof PostMigrationEvent) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                    .filter(realm -> AccountDisablingSettings.of(realm).enabled())
                    .forEach(realm -> SettingsService.follow(session, realm)));
        }
    }
}
