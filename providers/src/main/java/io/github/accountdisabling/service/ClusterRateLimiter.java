package io.github.accountdisabling.service;

import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.models.SingleUseObjectProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One count per (realm, caller client) and clock minute for the whole cluster, kept in Keycloak's single-use-object
 * store (its replicated {@code actionTokens} cache, or the external Infinispan where one is configured): each write
 * claims the next free numbered slot of the minute with {@code putIfAbsent}, so two nodes can't both take the last
 * one. Which slots are taken is read first ({@code contains}, local in a replicated cache); a per-node cursor skips
 * the slots this node already saw taken. When the store fails, the count fails open to this node's own
 * {@link RateLimiter}, with a warning at most once a minute: a cache outage must not stop deactivations.
 */
final class ClusterRateLimiter {

    static final String KEY_PREFIX = "account-disabling-rate:";

    private static final Logger LOG = Logger.getLogger(ClusterRateLimiter.class);
    private static final int PRUNE_THRESHOLD = 10_000;

    private final RateLimiter fallback;
    private final LongSupplier clock;
    private final ConcurrentMap<String, Cursor> cursors = new ConcurrentHashMap<>();
    private volatile long lastWarningMinute = Long.MIN_VALUE;

    /** The first slot of {@code minute} this node hasn't seen taken. */
    private record Cursor(long minute, int nextSlot) {
    }

    ClusterRateLimiter(LongSupplier clock) {
        this.clock = clock;
        this.fallback = new RateLimiter(clock);
    }

    /** @return 0 when the call may go ahead, else the seconds until the minute ends */
    long acquire(SingleUseObjectProvider store, String realmId, String callerKey, int limitPerMinute) {
        if (limitPerMinute <= 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long minute = now / RateLimiter.WINDOW_MILLIS;
        long secondsLeft = Math.max(1, ((minute + 1) * RateLimiter.WINDOW_MILLIS - now + 999) / 1000);
        String caller = realmId + '\n' + callerKey;
        try {
            return claim(store, caller, KEY_PREFIX + realmId + ':' + callerKey + ':' + minute + ':', minute,
                    limitPerMinute, secondsLeft);
        } catch (RuntimeException e) {
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
        if (cursors.size() > PRUNE_THRESHOLD) {
            cursors.values().removeIf(cursor -> cursor.minute() < minute);
        }
        Cursor cursor = cursors.get(caller);
        int slot = cursor != null && cursor.minute() == minute ? cursor.nextSlot() : 1;
        while (slot <= limit && store.contains(slotPrefix + slot)) {
            slot++;
        }
        while (slot <= limit) {
            // kept a second past the minute, for a node whose clock runs a little behind
            if (store.putIfAbsent(slotPrefix + slot, secondsLeft + 1)) {
                cursors.put(caller, new Cursor(minute, slot + 1));
                return 0;
            }
            slot++;
        }
        cursors.put(caller, new Cursor(minute, slot));
        return secondsLeft;
    }
}
