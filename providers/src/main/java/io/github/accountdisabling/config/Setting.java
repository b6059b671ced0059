package io.github.accountdisabling.config;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the pack, declared once. Each is a realm attribute ({@code accountDisabling.<field>}), so realm
 * import JSON, kcadm, the console tab and {@code GET/PUT …/config} all read and write the same place; the tab's
 * form, the {@code …/config} body and the parsers are made from this table.
 */
public enum Setting {

    ENABLED("enabled", SettingType.BOOLEAN, "false", "Enable account disabling",
            "When on, admins, provisioning tools and relying apps may deactivate accounts of this realm. "
                    + "When off, every deactivation is refused (409 account_disabling_off); reads and reactivation keep working. "
                    + "While on, the user page's Enabled switch, Keycloak's own user API and Keycloak's SCIM run the same "
                    + "deactivation and guards (balances, last admin), and a refusal is shown as the console's error."),
    RATE_LIMIT_PER_MINUTE("rateLimitPerMinute", SettingType.integer(0, Integer.MAX_VALUE), "600", "Rate limit per minute",
            "Deactivation API and SCIM writes allowed per caller and minute on each server node; 0 turns the limit off."),
    BALANCE_SOURCE("balanceSource", SettingType.providerId(Setting.BALANCE_SOURCE_ATTRIBUTES,
            Setting.BALANCE_SOURCE_HTTP_LEDGER), Setting.BALANCE_SOURCE_ATTRIBUTES, "Balance source",
            "Where the balance guard reads a user's balances: the user's 'balance.<CCY>' attributes, or an HTTP ledger."),
    LEDGER_URL("ledgerUrl", SettingType.HTTP_URL, "", "Ledger URL",
            "Base URL of the HTTP ledger; the pack calls GET {ledgerUrl}/users/{id}/balances."),
    LEDGER_TIMEOUT_MILLIS("ledgerTimeoutMillis", SettingType.integer(1, 60_000), "2000", "Ledger timeout (ms)",
            "How long to wait for the ledger; past it the deactivation is refused (503 balance_unavailable)."),
    NOTIFY_USERS("notifyUsers", SettingType.BOOLEAN, "false", "Notify users by e-mail",
            "E-mail users with an address when their account is deactivated or reactivated, through the realm's SMTP "
                    + "settings, after the change has committed."),
    NOTIFY_SHOW_REASON("notifyShowReason", SettingType.BOOLEAN, "false", "Reason in e-mails",
            "Include the recorded reason in those e-mails."),
    SUPPORT_CONTACT("supportContact", SettingType.TEXT, "", "Support contact",
            "Added to those e-mails, for example an address or URL users may write to."),
    SCIM_DELETE("scimDelete", SettingType.choice(Setting.SCIM_DELETE_DEACTIVATE, Setting.SCIM_DELETE_DELETE),
            Setting.SCIM_DELETE_DEACTIVATE, "SCIM DELETE",
            "What a SCIM client's DELETE /Users/{id} does: deactivate the account and hide it from SCIM (kept in "
                    + "Keycloak, reactivation brings it back), or delete the user.");

    /** Provider ids of the shipped balance sources (constants here so the parser needs no SPI lookup). */
    public static final String BALANCE_SOURCE_ATTRIBUTES = "attributes";
    public static final String BALANCE_SOURCE_HTTP_LEDGER = "http-ledger";
    public static final String SCIM_DELETE_DEACTIVATE = "deactivate";
    public static final String SCIM_DELETE_DELETE = "delete";

    private static final String ATTRIBUTE_PREFIX = "accountDisabling.";

    private final String field;
    private final SettingType type;
    private final String defaultValue;
    private final String label;
    private final String helpText;

    Setting(String field, SettingType type, String defaultValue, String label, String helpText) {
        this.field = field;
        this.type = type;
        this.defaultValue = defaultValue;
        this.label = label;
        this.helpText = helpText;
    }

    /** The name in the {@code …/config} body and the console form. */
    public String field() {
        return field;
    }

    /** The realm attribute that stores it. */
    public String attribute() {
        return ATTRIBUTE_PREFIX + field;
    }

    public String defaultValue() {
        return defaultValue;
    }

    SettingType type() {
        return type;
    }

    /** The stored value, normalised; missing or unusable reads as the default. */
    String read(RealmModel realm) {
        return type.read(realm.getAttribute(attribute()), defaultValue);
    }

    static Optional<Setting> byField(String field) {
        return Arrays.stream(values()).filter(setting -> setting.field.equals(field)).findFirst();
    }

    static List<ProviderConfigProperty> consoleForm() {
        return Arrays.stream(values()).map(Setting::consoleProperty).toList();
    }

    private ProviderConfigProperty consoleProperty() {
        ProviderConfigProperty property = new ProviderConfigProperty(field, label, helpText, type.consoleType(),
                defaultValue.isEmpty() ? null : defaultValue);
        if (!type.options().isEmpty()) {
            property.setOptions(type.options());
        }
        return property;
    }
}
