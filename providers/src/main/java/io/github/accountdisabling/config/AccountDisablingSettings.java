package io.github.accountdisabling.config;

import org.keycloak.models.RealmModel;

import java.net.URI;

/**
 * The realm's account-disabling settings, stored as realm attributes so realm import JSON, kcadm,
 * the admin console tab and {@code PUT …/account-disabling/config} all write the same place.
 */
public record AccountDisablingSettings(boolean enabled, int rateLimitPerMinute, String balanceSource,
                                       String ledgerUrl, int ledgerTimeoutMillis) {

    public static final String ENABLED_ATTRIBUTE = "accountDisabling.enabled";
    /** The id of the pack's event listener, which a realm with the pack on lists (the listener's factory uses it). */
    public static final String EVENT_LISTENER_ID = "account-disabling";
    public static final String RATE_LIMIT_ATTRIBUTE = "accountDisabling.rateLimitPerMinute";
    public static final String BALANCE_SOURCE_ATTRIBUTE = "accountDisabling.balanceSource";
    public static final String LEDGER_URL_ATTRIBUTE = "accountDisabling.ledgerUrl";
    public static final String LEDGER_TIMEOUT_ATTRIBUTE = "accountDisabling.ledgerTimeoutMillis";

    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
    /** Provider ids of the shipped balance sources (constants here so the parser needs no SPI lookup). */
    public static final String BALANCE_SOURCE_ATTRIBUTES = "attributes";
    public static final String BALANCE_SOURCE_HTTP_LEDGER = "http-ledger";
    public static final int DEFAULT_LEDGER_TIMEOUT_MILLIS = 2000;
    public static final int MAX_LEDGER_TIMEOUT_MILLIS = 60_000;

    public static final AccountDisablingSettings DEFAULTS = new AccountDisablingSettings(false,
            DEFAULT_RATE_LIMIT_PER_MINUTE, BALANCE_SOURCE_ATTRIBUTES, "", DEFAULT_LEDGER_TIMEOUT_MILLIS);

    public AccountDisablingSettings {
        if (rateLimitPerMinute < 0) {
            throw new IllegalArgumentException("rateLimitPerMinute must not be negative");
        }
        balanceSource = balanceSource == null || balanceSource.isBlank() ? BALANCE_SOURCE_ATTRIBUTES : balanceSource;
        ledgerUrl = ledgerUrl == null ? "" : ledgerUrl;
    }

    /** Reads the realm's attributes; a missing or unreadable value falls back to its default. */
    public static AccountDisablingSettings of(RealmModel realm) {
        return new AccountDisablingSettings(
                parseEnabled(realm.getAttribute(ENABLED_ATTRIBUTE)),
                parseNonNegative(realm.getAttribute(RATE_LIMIT_ATTRIBUTE), DEFAULT_RATE_LIMIT_PER_MINUTE),
                realm.getAttribute(BALANCE_SOURCE_ATTRIBUTE),
                realm.getAttribute(LEDGER_URL_ATTRIBUTE),
                parseTimeout(realm.getAttribute(LEDGER_TIMEOUT_ATTRIBUTE)));
    }

    static boolean parseEnabled(String stored) {
        return stored != null && "true".equalsIgnoreCase(stored.trim());
    }

    static int parseRateLimit(String stored) {
        return parseNonNegative(stored, DEFAULT_RATE_LIMIT_PER_MINUTE);
    }

    static int parseTimeout(String stored) {
        int value = parseNonNegative(stored, DEFAULT_LEDGER_TIMEOUT_MILLIS);
        return value < 1 || value > MAX_LEDGER_TIMEOUT_MILLIS ? DEFAULT_LEDGER_TIMEOUT_MILLIS : value;
    }

    private static int parseNonNegative(String stored, int fallback) {
        if (stored == null || stored.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(stored.trim());
            return value < 0 ? fallback : value;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The ledger URL as a URI, or {@code null} when none (or an unusable one) is stored. */
    public URI ledgerUri() {
        return SettingsParser.httpUri(ledgerUrl);
    }

    void writeTo(RealmModel realm) {
        realm.setAttribute(ENABLED_ATTRIBUTE, Boolean.toString(enabled));
        realm.setAttribute(RATE_LIMIT_ATTRIBUTE, Integer.toString(rateLimitPerMinute));
        realm.setAttribute(BALANCE_SOURCE_ATTRIBUTE, balanceSource);
        realm.setAttribute(LEDGER_URL_ATTRIBUTE, ledgerUrl);
        realm.setAttribute(LEDGER_TIMEOUT_ATTRIBUTE, Integer.toString(ledgerTimeoutMillis));
    }

    public AccountDisablingSettings withEnabled(boolean value) {
        return new AccountDisablingSettings(value, rateLimitPerMinute, balanceSource, ledgerUrl, ledgerTimeoutMillis);
    }

    public AccountDisablingSettings withRateLimitPerMinute(int value) {
        return new AccountDisablingSettings(enabled, value, balanceSource, ledgerUrl, ledgerTimeoutMillis);
    }

    public AccountDisablingSettings withBalanceSource(String value) {
        return new AccountDisablingSettings(enabled, rateLimitPerMinute, value, ledgerUrl, ledgerTimeoutMillis);
    }

    public AccountDisablingSettings withLedgerUrl(String value) {
        return new AccountDisablingSettings(enabled, rateLimitPerMinute, balanceSource, value, ledgerTimeoutMillis);
    }

    public AccountDisablingSettings withLedgerTimeoutMillis(int value) {
        return new AccountDisablingSettings(enabled, rateLimitPerMinute, balanceSource, ledgerUrl, value);
    }
}
