package io.github.accountdisabling.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One-minute windows per (realm, caller client) in this node's memory: what {@link ClusterRateLimiter} falls back to
 * when Keycloak's cache can't be reached, so that a cluster of N nodes then lets a caller through up to N times the
 * limit.
 */
final class RateLimiter {

    static final long WINDOW_MILLIS = 60_000;
    private static final int PRUNE_THRESHOLD = 10_000;

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    RateLimiter(LongSupplier clock) {
        this.clock = clock;
    }

    /** @return 0 when the call may go ahead, else the seconds until the caller's window resets */
    long acquire(String realmId, String clientId, int limitPerMinute) {
        if (limitPerMinute <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (windows.size() > PRUNE_THRESHOLD) {
            windows.values().removeIf(window -> window.expired(now));
        }
        Window window = windows.computeIfAbsent(realmId + '\n' + (clientId == null ? "" : clientId), key -> new Window());
        return window.acquire(now, limitPerMinute);
    }

    private static final class Window {
        private long start = Long.MIN_VALUE;
        private int count;

        synchronized long acquire(long now, int limit) {
            if (now - start >= WINDOW_MILLIS || start == Long.MIN_VALUE) {
                start = now;
                count = 0;
            }
            if (count >= limit) {
                long remaining = start + WINDOW_MILLIS - now;
                return Math.max(1, (remaining + 999) / 1000);
            }
            count++;
            return 0;
        }

        synchronized boolean expired(long now) {
            return now - start >= WINDOW_MILLIS;
        }
    }
}
