package io.github.accountdisabling.service;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RateLimiter limiter = new RateLimiter(now::get);

    @Test
    void allowsTheLimitThenNamesTheSecondsUntilTheWindowResets() {
        assertThat(limiter.acquire("realm", "client", 2)).isZero();
        assertThat(limiter.acquire("realm", "client", 2)).isZero();
        now.addAndGet(15_500);
        assertThat(limiter.acquire("realm", "client", 2)).isEqualTo(45);
        now.addAndGet(44_500);
        assertThat(limiter.acquire("realm", "client", 2)).as("a new window").isZero();
    }

    @Test
    void countsPerRealmAndCaller() {
        assertThat(limiter.acquire("realm", "a", 1)).isZero();
        assertThat(limiter.acquire("realm", "a", 1)).isPositive();
        assertThat(limiter.acquire("realm", "b", 1)).isZero();
        assertThat(limiter.acquire("other", "a", 1)).isZero();
    }

    @Test
    void zeroTurnsTheLimitOff() {
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire("realm", "client", 0)).isZero();
        }
    }

    @Test
    void aRefusedCallDoesNotUseUpTheNextWindow() {
        limiter.acquire("realm", "client", 1);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.acquire("realm", "client", 1)).isPositive();
        }
        now.addAndGet(RateLimiter.WINDOW_MILLIS);
        assertThat(limiter.acquire("realm", "client", 1)).isZero();
    }
}
