package io.github.accountdisabling.testing;

import java.time.Duration;

/**
 * The pack counts writes per clock minute, cluster-wide. A test that fills a limit and expects the next write refused
 * starts with enough of the minute left, so the count can't restart in between.
 */
public final class RateLimitMinute {

    private static final long MINUTE_MILLIS = 60_000;

    private RateLimitMinute() {
    }

    /** Returns at once when {@code needed} is left in this minute, else at the start of the next one. */
    public static void awaitRoomFor(Duration needed) {
        long now = System.currentTimeMillis();
        long left = MINUTE_MILLIS - now % MINUTE_MILLIS;
        if (left >= needed.toMillis()) {
            return;
        }
        try {
            Thread.sleep(left + 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
