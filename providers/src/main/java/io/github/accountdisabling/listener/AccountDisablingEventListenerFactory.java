package io.github.accountdisabling.listener;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Event listener {@code account-disabling}: gives users disabled outside the pack (admin console switch, stock
 * admin API, Keycloak's own SCIM, permanent brute-force lockout) the same revocation and a history row.
 * Enable it per realm (Realm settings → Events → Event listeners, or {@code eventsListeners} in realm JSON).
 */
public class AccountDisablingEventListenerFactory implements EventListenerProviderFactory,
        PackProviderFactory<EventListenerProvider> {

    public static final String ID = AccountDisablingSettings.EVENT_LISTENER_ID;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AccountDisablingEventListener(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
