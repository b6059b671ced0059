package io.github.accountdisabling.ui;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.config.InvalidSettingsException;
import io.github.accountdisabling.config.SettingsParser;
import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.support.PackInfo;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
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

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
            .name(SettingsParser.FIELD_ENABLED)
            .label("Enable account disabling")
            .helpText("When on, admins, provisioning tools and relying apps may deactivate accounts of this realm. "
                    + "When off, every deactivation is refused (409 account_disabling_off); reads and reactivation keep working. "
                    + "While on, the user page's Enabled switch, Keycloak's own user API and Keycloak's SCIM run the same "
                    + "deactivation and guards (balances, last admin), and a refusal is shown as the console's error.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("false")
            .add()
            .property()
            .name(SettingsParser.FIELD_RATE_LIMIT)
            .label("Rate limit per minute")
            .helpText("Deactivation API and SCIM writes allowed per caller and minute on each server node; 0 turns the limit off.")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(Integer.toString(AccountDisablingSettings.DEFAULT_RATE_LIMIT_PER_MINUTE))
            .add()
            .property()
            .name(SettingsParser.FIELD_BALANCE_SOURCE)
            .label("Balance source")
            .helpText("Where the balance guard reads a user's balances: the user's 'balance.<CCY>' attributes, or an HTTP ledger.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(AccountDisablingSettings.BALANCE_SOURCE_ATTRIBUTES, AccountDisablingSettings.BALANCE_SOURCE_HTTP_LEDGER)
            .defaultValue(AccountDisablingSettings.BALANCE_SOURCE_ATTRIBUTES)
            .add()
            .property()
            .name(SettingsParser.FIELD_LEDGER_URL)
            .label("Ledger URL")
            .helpText("Base URL of the HTTP ledger; the pack calls GET {ledgerUrl}/users/{id}/balances.")
            .type(ProviderConfigProperty.STRING_TYPE)
            .add()
            .property()
            .name(SettingsParser.FIELD_LEDGER_TIMEOUT)
            .label("Ledger timeout (ms)")
            .helpText("How long to wait for the ledger; past it the deactivation is refused (503 balance_unavailable).")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(Integer.toString(AccountDisablingSettings.DEFAULT_LEDGER_TIMEOUT_MILLIS))
            .add()
            .build();

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
        asStrings(settings).forEach(tab::put);
        tab.put("tab", ROUTE_TAB);
    }

    public static boolean matches(ComponentModel tab, AccountDisablingSettings settings) {
        return asStrings(settings).entrySet().stream().allMatch(e -> e.getValue().equals(tab.get(e.getKey())));
    }

    private static Map<String, String> asStrings(AccountDisablingSettings settings) {
        return Map.of(
                SettingsParser.FIELD_ENABLED, Boolean.toString(settings.enabled()),
                SettingsParser.FIELD_RATE_LIMIT, Integer.toString(settings.rateLimitPerMinute()),
                SettingsParser.FIELD_BALANCE_SOURCE, settings.balanceSource(),
                SettingsParser.FIELD_LEDGER_URL, settings.ledgerUrl(),
                SettingsParser.FIELD_LEDGER_TIMEOUT, Integer.toString(settings.ledgerTimeoutMillis()));
    }

    static AccountDisablingSettings settingsOf(ComponentModel model, AccountDisablingSettings current) {
        return SettingsParser.parseStrings(model::get, current);
    }
}
