package io.github.accountdisabling.service;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes sharing one store count one limit; a store that fails falls back to the node's own count. */
class ClusterRateLimiterTest {

    private final AtomicLong now = new AtomicLong(60_000L * 1_000 + 10_000);
    private final SharedStore store = new SharedStore();
    private final ClusterRateLimiter nodeOne = new ClusterRateLimiter(now::get);
    private final ClusterRateLimiter nodeTwo = new ClusterRateLimiter(now::get);

    @Test
    void twoNodesLetACallerThroughTheLimitOnceNotTwice() {
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 3)).isZero();
        assertThat(nodeTwo.acquire(() -> store, "realm", "client", 3)).isZero();
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 3)).isZero();
        assertThat(nodeTwo.acquire(() -> store, "realm", "client", 3)).as("the fourth, on either node").isEqualTo(50);
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 3)).isEqualTo(50);
        assertThat(store.slots).hasSize(3);
    }

    @Test
    void theCountIsPerRealmCallerAndClockMinute() {
        assertThat(nodeOne.acquire(() -> store, "realm", "a", 1)).isZero();
        assertThat(nodeTwo.acquire(() -> store, "realm", "a", 1)).isPositive();
        assertThat(nodeTwo.acquire(() -> store, "realm", "b", 1)).isZero();
        assertThat(nodeTwo.acquire(() -> store, "other", "a", 1)).isZero();
        now.addAndGet(50_000);
        assertThat(nodeTwo.acquire(() -> store, "realm", "a", 1)).as("the next minute").isZero();
    }

    @Test
    void zeroTurnsTheLimitOffAndTouchesNothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(nodeOne.acquire(() -> store, "realm", "client", 0)).isZero();
        }
        assertThat(store.slots).isEmpty();
        assertThat(nodeOne.acquire(() -> {
            throw new AssertionError("the store was resolved for a limit that is off");
        }, "realm", "client", 0)).isZero();
    }

    @Test
    void slotsLiveUntilTheMinuteIsOverOnEveryNodesClock() {
        nodeOne.acquire(() -> store, "realm", "client", 3);
        assertThat(store.slots.values()).containsOnly(50 + ClusterRateLimiter.CLOCK_SKEW_SECONDS);
    }

    @Test
    void theHighestLimitCountsWithoutOverflow() {
        for (int i = 0; i < 3; i++) {
            assertThat(nodeOne.acquire(() -> store, "realm", "client", Integer.MAX_VALUE)).isZero();
        }
        assertThat(store.slots).hasSize(3);
    }

    @Test
    void aRealmAndACallerCanNotBeConfusedWithAnother() {
        assertThat(nodeOne.acquire(() -> store, "r:user", "x", 1)).isZero();
        assertThat(nodeOne.acquire(() -> store, "r", "user:x", 1)).isZero();
    }

    @Test
    void aStoreThatRefusesFreeSlotsWithoutThrowingCountsOnTheNodeAloneForAWhile() {
        store.refusingWrites = true;
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 2)).isZero();
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 2)).isZero();
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 2)).as("the node's own count").isPositive();
        store.refusingWrites = false;
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 2)).as("still the node's own count").isPositive();
        assertThat(store.slots).isEmpty();
        now.addAndGet(5_000);
        assertThat(nodeOne.acquire(() -> store, "realm", "client", 2)).as("the store again").isZero();
        assertThat(store.slots).hasSize(1);
    }

    @Test
    void aStoreThatFailsCountsOnTheNodeAlone() {
        SharedStore broken = new SharedStore();
        broken.failing = true;
        assertThat(nodeOne.acquire(() -> broken, "realm", "client", 2)).isZero();
        assertThat(nodeOne.acquire(() -> broken, "realm", "client", 2)).isZero();
        assertThat(nodeOne.acquire(() -> broken, "realm", "client", 2)).isPositive();
        assertThat(nodeTwo.acquire(() -> broken, "realm", "client", 2)).as("the other node counts its own").isZero();
    }

    /** The part of Keycloak's single-use-object store the limiter uses, shared like a replicated cache. */
    private static final class SharedStore implements SingleUseObjectProvider {
        final Map<String, Long> slots = new ConcurrentHashMap<>();
        boolean failing;

        /** As Keycloak's remote store answers a write it couldn't make. */
        boolean refusingWrites;

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            check();
            return !refusingWrites && slots.putIfAbsent(key, lifespanInSeconds) == null;
        }

        @Override
        public boolean contains(String key) {
            check();
            return slots.containsKey(key);
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("cache unreachable");
            }
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> remove(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
