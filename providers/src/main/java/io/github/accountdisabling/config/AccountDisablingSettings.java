package io.github.accountdisabling.config;

import org.keycloak.models.RealmModel;

/**
 * The realm's account-disabling settings, stored as realm attributes so realm import JSON, kcadm,
 * the admin console tab and {@code PUT …/account-disabling/config} all write the same place.
 */
public record AccountDisablingSettings(boolean enabled, int rateLimitPerMinute) {

    public static final String ENABLED_ATTRIBUTE = "accountDisabling.enabled";
    public static final String RATE_LIMIT_ATTRIBUTE = "accountDisabling.rateLimitPerMinute";

    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

    public static final AccountDisablingSettings DEFAULTS =
            new AccountDisablingSettings(false, DEFAULT_RATE_LIMIT_PER_MINUTE);

    public AccountDisablingSettings {
        if (rateLimitPerMinute < 0) {
            throw new IllegalArgumentException("rateLimitPerMinute must not be negative");
        }
    }

    /** Reads the realm's attributes; a missing or unreadable value falls back to its default. */
    public static AccountDisablingSettings of(RealmModel realm) {
        return new AccountDisablingSettings(
                parseEnabled(realm.getAttribute(ENABLED_ATTRIBUTE)),
                parseRateLimit(realm.getAttribute(RATE_LIMIT_ATTRIBUTE)));
    }

    static boolean parseEnabled(String stored) {
        return stored != null && "true".equalsIgnoreCase(stored.trim());
    }

    static int parseRateLimit(String stored) {
        if (stored == null || stored.isBlank()) {
            return DEFAULT_RATE_LIMIT_PER_MINUTE;
        }
        try {
            int value = Integer.parseInt(stored.trim());
            return value < 0 ? DEFAULT_RATE_LIMIT_PER_MINUTE : value;
        } catch (NumberFormatException e) {
            return DEFAULT_RATE_LIMIT_PER_MINUTE;
        }
    }

    void writeTo(RealmModel realm) {
        realm.setAttribute(ENABLED_ATTRIBUTE, Boolean.toString(enabled));
        realm.setAttribute(RATE_LIMIT_ATTRIBUTE, Integer.toString(rateLimitPerMinute));
    }

    public AccountDisablingSettings withEnabled(boolean newEnabled) {
        return new AccountDisablingSettings(newEnabled, rateLimitPerMinute);
    }

    public AccountDisablingSettings withRateLimitPerMinute(int newLimit) {
        return new AccountDisablingSettings(enabled, newLimit);
    }
}
