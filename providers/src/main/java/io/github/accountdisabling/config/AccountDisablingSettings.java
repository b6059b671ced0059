package io.github.accountdisabling.config;

import com.fasterxml.jackson.annotation.JsonValue;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A realm's values of every {@link Setting}, as the realm attributes store them. Serialises as the
 * {@code GET …/config} body: each setting by its field, booleans and numbers as JSON's own.
 */
public record AccountDisablingSettings(Map<Setting, String> values) {

    /** The id of the pack's event listener, which a realm with the pack on lists (the listener's factory uses it). */
    public static final String EVENT_LISTENER_ID = "account-disabling";

    public static final AccountDisablingSettings DEFAULTS = new AccountDisablingSettings(defaults());

    public AccountDisablingSettings {
        EnumMap<Setting, String> complete = defaults();
        complete.putAll(values);
        values = Collections.unmodifiableMap(complete);
    }

    /** Reads the realm's attributes; a missing or unreadable value falls back to its default. */
    public static AccountDisablingSettings of(RealmModel realm) {
        EnumMap<Setting, String> stored = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            stored.put(setting, setting.read(realm));
        }
        return new AccountDisablingSettings(stored);
    }

    public String get(Setting setting) {
        return values.get(setting);
    }

    /** {@code value} must be one {@link Setting}'s parser accepted. */
    AccountDisablingSettings with(Setting setting, String value) {
        EnumMap<Setting, String> changed = new EnumMap<>(values);
        changed.put(setting, value);
        return new AccountDisablingSettings(changed);
    }

    public boolean enabled() {
        return Boolean.parseBoolean(get(Setting.ENABLED));
    }

    public int rateLimitPerMinute() {
        return Integer.parseInt(get(Setting.RATE_LIMIT_PER_MINUTE));
    }

    public String balanceSource() {
        return get(Setting.BALANCE_SOURCE);
    }

    public String ledgerUrl() {
        return get(Setting.LEDGER_URL);
    }

    /** The ledger URL as a URI, or {@code null} when none (or an unusable one) is stored. */
    public URI ledgerUri() {
        return SettingType.httpUri(ledgerUrl());
    }

    public int ledgerTimeoutMillis() {
        return Integer.parseInt(get(Setting.LEDGER_TIMEOUT_MILLIS));
    }

    public boolean notifyUsers() {
        return Boolean.parseBoolean(get(Setting.NOTIFY_USERS));
    }

    public boolean notifyShowReason() {
        return Boolean.parseBoolean(get(Setting.NOTIFY_SHOW_REASON));
    }

    /** {@code null} when none is set. */
    public String supportContact() {
        String contact = get(Setting.SUPPORT_CONTACT);
        return contact.isBlank() ? null : contact;
    }

    /** True when a SCIM {@code DELETE} deletes the user rather than deactivating it. */
    public boolean scimDeleteDeletes() {
        return Setting.SCIM_DELETE_DELETE.equals(get(Setting.SCIM_DELETE));
    }

    @JsonValue
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        values.forEach((setting, value) -> json.put(setting.field(), setting.type().toJson(value)));
        return json;
    }

    void writeTo(RealmModel realm) {
        values.forEach((setting, value) -> realm.setAttribute(setting.attribute(), value));
    }

    /** The settings as the console form stores them: every value a string. */
    Map<String, String> asStrings() {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((setting, value) -> strings.put(setting.field(), value));
        return strings;
    }

    private static EnumMap<Setting, String> defaults() {
        EnumMap<Setting, String> defaults = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            defaults.put(setting, setting.defaultValue());
        }
        return defaults;
    }
}
