package io.github.accountdisabling.service;

import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.models.SingleUseObjectProvider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One count per (realm, caller client) and clock minute for the whole cluster, kept in Keycloak's single-use-object
 * store (its {@code actionTokens} cache, or the external Infinispan where one is configured): each write claims the
 * next free numbered slot of the minute with {@code putIfAbsent}, so two nodes can't both take the last one. Which
 * slots are taken is read first ({@code contains}); a per-node cursor skips the slots this node already saw taken.
 * When the store fails — it throws, or refuses a write while the slot is still free, as Keycloak's remote store does
 * — the count fails open to this node's own {@link RateLimiter} for a few seconds, with a warning at most once a
 * minute: a cache outage must not stop deactivations.
 */
final class ClusterRateLimiter {

    static final String KEY_PREFIX = "account-disabling-rate:";
    /** Slots outlive their minute by as much, for nodes whose clocks run behind. */
    static final long CLOCK_SKEW_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(ClusterRateLimiter.class);
    private static final long STORE_RETRY_MILLIS = 5_000;
    private static final int MAX_REFUSED_CLAIMS = 64;

    private final RateLimiter fallback;
    private final LongSupplier clock;
    private final ConcurrentMap<String, Cursor> cursors = new ConcurrentHashMap<>();
    private volatile long lastWarningMinute = Long.MIN_VALUE;
    private volatile long storeRetryAt = Long.MIN_VALUE;
    private volatile long lastPruneMinute = Long.MIN_VALUE;

    /** The first slot of {@code minute} this node hasn't seen taken. */
    private record Cursor(long minute, long nextSlot) {
    }

    ClusterRateLimiter(LongSupplier clock) {
        this.clock = clock;
        this.fallback = new RateLimiter(clock);
    }

    /**
     * @param store resolved only when the limit counts: Keycloak's provider enlists itself in the transaction
     * @return 0 when the call may go ahead, else the seconds until the minute ends
     */
    long acquire(Supplier<SingleUseObjectProvider> store, String realmId, String callerKey, int limitPerMinute) {
        if (limitPerMinute <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (now < storeRetryAt) {
            return fallback.acquire(realmId, callerKey, limitPerMinute);
        }
        long minute = now / RateLimiter.WINDOW_MILLIS;
        long secondsLeft = Math.max(1, ((minute + 1) * RateLimiter.WINDOW_MILLIS - now + 999) / 1000);
        String caller = encode(realmId) + ':' + encode(callerKey);
        try {
            return claim(store.get(), caller, KEY_PREFIX + caller + ':' + minute + ':', minute, limitPerMinute,
                    secondsLeft);
        } catch (RuntimeException e) {
            storeRetryAt = now + STORE_RETRY_MILLIS;
            if (lastWarningMinute != minute) {
                lastWarningMinute = minute;
                LOG.warnf("The cluster-wide rate limit can't be read (%s); counting on this node alone",
                        LogValues.escape(e.toString()));
            }
            return fallback.acquire(realmId, callerKey, limitPerMinute);
        }
    }

    private long claim(SingleUseObjectProvider store, String caller, String slotPrefix, long minute, int limit,
                       long secondsLeft) {
        prune(minute);
        Cursor cursor = cursors.get(caller);
        long slot = cursor != null && cursor.minute() == minute ? cursor.nextSlot() : 1;
        while (slot <= limit && store.contains(slotPrefix + slot)) {
            slot++;
        }
        for (int refused = 0; slot <= limit; slot++) {
            if (store.putIfAbsent(slotPrefix + slot, secondsLeft + CLOCK_SKEW_SECONDS)) {
                cursors.put(caller, new Cursor(minute, slot + 1));
                return 0;
            }
            if (!store.contains(slotPrefix + slot)) {
                throw new IllegalStateException("the store refused a free slot");
            }
            if (++refused > MAX_REFUSED_CLAIMS) {
                throw new IllegalStateException("other callers took " + MAX_REFUSED_CLAIMS + " slots during one claim");
            }
        }
        cursors.put(caller, new Cursor(minute, slot));
        return secondsLeft;
    }

    private void prune(long minute) {
        if (lastPruneMinute != minute) {
            lastPruneMinute = minute;
            cursors.values().removeIf(cursor -> cursor.minute() < minute);
        }
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
