package io.github.accountdisabling.config;

import io.github.accountdisabling.profile.AccountStatusProfile;
import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The only writer of the realm's account-disabling settings. The realm attributes are the truth;
 * the console tab's component is a mirror kept equal to them, because the console form shows the
 * component's stored config, not the realm attributes.
 */
public final class SettingsService {

    private static final Logger LOG = Logger.getLogger(SettingsService.class);

    private SettingsService() {
    }

    public static AccountDisablingSettings read(RealmModel realm) {
        return AccountDisablingSettings.of(realm);
    }

    /** Stores the settings and brings the console tab's component and the user profile in line. */
    public static void write(KeycloakSession session, RealmModel realm, AccountDisablingSettings settings) {
        writeAttributes(realm, settings);
        mirrorToTab(session, realm, settings);
        declareInProfile(session, realm, settings);
    }

    /** Called by the tab itself after the console saved it: the component already holds the new value. */
    public static void applyFromTab(KeycloakSession session, RealmModel realm, AccountDisablingSettings settings) {
        writeAttributes(realm, settings);
        declareInProfile(session, realm, settings);
    }

    /**
     * Follows settings written around the pack (realm import, a realm PUT from kcadm or the realm settings page):
     * the tab shows them, and a realm where the pack is on declares the account status in its user profile.
     */
    public static void follow(KeycloakSession session, RealmModel realm) {
        AccountDisablingSettings settings = AccountDisablingSettings.of(realm);
        mirrorToTab(session, realm, settings);
        declareInProfile(session, realm, settings);
    }

    /**
     * A realm where the pack is on declares the account status in its user profile and lists the pack's event
     * listener, which records the disables only Keycloak makes (permanent lockout). Turning the pack off leaves both.
     */
    private static void declareInProfile(KeycloakSession session, RealmModel realm, AccountDisablingSettings settings) {
        if (settings.enabled()) {
            AccountStatusProfile.declare(session, realm);
            listEventListener(realm);
        }
    }

    private static void listEventListener(RealmModel realm) {
        Set<String> listeners = realm.getEventsListenersStream().collect(Collectors.toCollection(LinkedHashSet::new));
        if (listeners.add(AccountDisablingSettings.EVENT_LISTENER_ID)) {
            realm.setEventsListeners(listeners);
            LOG.infof("Added the event listener %s to realm %s", AccountDisablingSettings.EVENT_LISTENER_ID,
                    LogValues.escape(realm.getName()));
        }
    }

    private static void writeAttributes(RealmModel realm, AccountDisablingSettings settings) {
        AccountDisablingSettings before = AccountDisablingSettings.of(realm);
        settings.writeTo(realm);
        List<String> changed = Arrays.stream(Setting.values())
                .filter(setting -> !before.get(setting).equals(settings.get(setting)))
                .map(Setting::field)
                .toList();
        if (!changed.isEmpty()) {
            // Names only: a ledger URL may carry credentials.
            LOG.infof("Account-disabling settings of realm %s changed: %s", LogValues.escape(realm.getName()),
                    String.join(", ", changed));
        }
    }

    /**
     * Makes the tab component show {@code settings}. Does nothing when the console tab SPI is off
     * (feature {@code declarative-ui} not enabled): there is no tab to keep in line then.
     */
    public static void mirrorToTab(KeycloakSession session, RealmModel realm, AccountDisablingSettings settings) {
        if (session.getKeycloakSessionFactory()
                .getProviderFactory(UiTabProvider.class, AccountDisablingTabFactory.ID) == null) {
            return;
        }
        Optional<ComponentModel> existing = findTab(realm);
        if (existing.isPresent()) {
            ComponentModel tab = existing.get();
            if (AccountDisablingTabFactory.matches(tab, settings)) {
                return;
            }
            AccountDisablingTabFactory.store(tab, settings);
            realm.updateComponent(tab);
        } else {
            ComponentModel tab = AccountDisablingTabFactory.newComponent(realm);
            AccountDisablingTabFactory.store(tab, settings);
            realm.importComponentModel(tab);
        }
    }

    public static Optional<ComponentModel> findTab(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> AccountDisablingTabFactory.ID.equals(c.getProviderId()))
                .findFirst();
    }
}
