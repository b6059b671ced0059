package io.github.accountdisabling.config;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The "Account disabling" tab under Realm settings (needs the {@code declarative-ui} feature).
 * The console stores the form as a component of the realm; saving it writes the realm attributes,
 * which stay the single source the rest of the pack reads.
 */
public class AccountDisablingTabFactory
        implements UiTabProviderFactory<ComponentModel>, UiTabProvider, ServerInfoAwareProviderFactory {

    /** Provider id, also the tab's title in the console. */
    public static final String ID = "Account disabling";
    /** The {@code :tab} route parameter: the tab lives at {@code #/{realm}/realm-settings/account-disabling}. */
    public static final String ROUTE_TAB = "account-disabling";

    static final String ROUTE_PATH = "/:realm/realm-settings/:tab?";

    private static final List<ProviderConfigProperty> PROPERTIES = Setting.consoleForm();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Permanent account deactivation for this realm.";
    }

    @Override
    public String getPath() {
        return ROUTE_PATH;
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", ROUTE_TAB);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        boolean anotherTabExists = SettingsService.findTab(realm)
                .filter(existing -> !existing.getId().equals(model.getId()))
                .isPresent();
        if (anotherTabExists) {
            throw new ComponentValidationException("The realm already has an account-disabling tab; update that one.");
        }
        AccountDisablingSettings result;
        try {
            settingsOf(model, AccountDisablingSettings.of(realm));
            result = editedOver(model.getId() == null ? null : realm.getComponent(model.getId()), model,
                    AccountDisablingSettings.of(realm));
        } catch (InvalidSettingsException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        // The form may have shown values from before a change made elsewhere (kcadm, import, REST): only the fields
        // edited in it count, and the tab stores the settings as they will be.
        store(model, result);
    }

    /** The stored settings with the fields that differ between the tab as it was and as it is submitted. */
    private static AccountDisablingSettings editedOver(ComponentModel stored, ComponentModel submitted,
                                                       AccountDisablingSettings current) {
        if (stored == null) {
            return settingsOf(submitted, current);
        }
        return SettingsParser.parseStrings(key -> Objects.equals(stored.get(key), submitted.get(key)) ? null
                : submitted.get(key) == null ? "" : submitted.get(key), current);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        SettingsService.applyFromTab(session, realm, settingsOf(model, AccountDisablingSettings.of(realm)));
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        SettingsService.applyFromTab(session, realm, settingsOf(newModel, AccountDisablingSettings.of(realm)));
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

    public static ComponentModel newComponent(RealmModel realm) {
        ComponentModel tab = new ComponentModel();
        tab.setName(ID);
        tab.setProviderId(ID);
        tab.setProviderType(UiTabProvider.class.getName());
        tab.setParentId(realm.getId());
        return tab;
    }

    public static void store(ComponentModel tab, AccountDisablingSettings settings) {
        settings.asStrings().forEach(tab::put);
        tab.put("tab", ROUTE_TAB);
    }

    public static boolean matches(ComponentModel tab, AccountDisablingSettings settings) {
        return settings.asStrings().entrySet().stream().allMatch(e -> e.getValue().equals(tab.get(e.getKey())));
    }

    static AccountDisablingSettings settingsOf(ComponentModel model, AccountDisablingSettings current) {
        return SettingsParser.parseStrings(model::get, current);
    }
}
