package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Admission by declared memory: the budget is never exceeded, and small images pass a waiting large one. */
class DecodeMemoryBudgetTest {
    private static final long MIB = 1 << 20;

    @Test
    void lanesAreSevenEighthsAndOneEighthOfTheBudget() {
        DecodeMemoryBudget b = new DecodeMemoryBudget(1024 * MIB);
        assertThat(b.totalBytes()).isEqualTo(1024 * MIB);
        assertThat(b.largestImage()).isEqualTo(896 * MIB);
        assertThat(b.smallImage()).isEqualTo(64 * MIB);
        assertThat(b.fits(896 * MIB)).isTrue();
        assertThat(b.fits(896 * MIB + 1)).isFalse();
        assertThatThrownBy(() -> b.admit(896 * MIB + 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecodeMemoryBudget(4096)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecodeThatDoesNotFitNowWaitsAndGivesUpAfterItsWait() throws Exception {
        DecodeMemoryBudget b = new DecodeMemoryBudget(1024 * MIB);
        DecodeMemoryBudget.Admission first = b.admit(500 * MIB, Duration.ZERO);
        assertThat(first).isNotNull();
        assertThat(b.admit(500 * MIB, Duration.ZERO)).isNull(); // 1000 MiB > the 896 MiB lane
        assertThat(b.inUse()).isEqualTo(500 * MIB);
        first.close();
        first.close(); // once only
        assertThat(b.inUse()).isZero();
        DecodeMemoryBudget.Admission second = b.admit(500 * MIB, Duration.ZERO);
        assertThat(second).isNotNull();
        second.close();
        assertThat(b.peak()).isEqualTo(500 * MIB);
    }

    /**
     * A large decode waits for the shared lane to drain; small ones arriving after it are admitted from the reserve
     * at once instead of queueing behind it, and never beyond the reserve.
     */
    @Test
    void smallImagesDoNotWaitBehindALargeOne() throws Exception {
        DecodeMemoryBudget b = new DecodeMemoryBudget(1024 * MIB);
        DecodeMemoryBudget.Admission running = b.admit(800 * MIB, Duration.ZERO);
        assertThat(running).isNotNull();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<DecodeMemoryBudget.Admission> large = pool.submit(() -> b.admit(600 * MIB, Duration.ofMinutes(1)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!b.largeWaiting() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(b.largeWaiting()).as("the large decode queues").isTrue();
            // the shared lane has 96 MiB free, but a large decode queues there first: small ones use the reserve
            DecodeMemoryBudget.Admission s1 = b.admit(60 * MIB, Duration.ZERO);
            DecodeMemoryBudget.Admission s2 = b.admit(60 * MIB, Duration.ZERO);
            assertThat(s1).isNotNull();
            assertThat(s2).isNotNull();
            assertThat(s1.fromReserve()).isTrue();
            assertThat(s2.fromReserve()).isTrue();
            assertThat(b.admit(60 * MIB, Duration.ZERO))
                    .as("the reserve is full")
                    .isNull();
            assertThat(b.inUse()).isEqualTo(920 * MIB);
            s1.close();
            s2.close();
            running.close();
            DecodeMemoryBudget.Admission admitted = large.get(30, TimeUnit.SECONDS);
            assertThat(admitted).isNotNull();
            assertThat(admitted.fromReserve()).isFalse();
            admitted.close();
            // with nobody queueing, a small decode takes the shared lane
            try (DecodeMemoryBudget.Admission small = b.admit(10 * MIB, Duration.ZERO)) {
                assertThat(small).isNotNull();
                assertThat(small.fromReserve()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.inUse()).isZero();
    }

    /**
     * Eight threads admit seeded random sizes (small and large) many times: the bytes admitted at once, counted by
     * the test itself, never exceed the budget, and every admission is given back.
     */
    @Test
    void concurrentAdmissionsNeverExceedTheBudget() throws Exception {
        long seed = new Random().nextLong();
        DecodeMemoryBudget b = new DecodeMemoryBudget(256 * MIB);
        AtomicLong held = new AtomicLong();
        AtomicLong maxHeld = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random r = new Random(seed + t);
                all.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < 300; i++) {
                                long bytes = r.nextBoolean()
                                        ? 1 + r.nextLong(b.smallImage())
                                        : 1 + r.nextLong(b.largestImage());
                                try (DecodeMemoryBudget.Admission a = b.admit(bytes, Duration.ofMinutes(1))) {
                                    assertThat(a).isNotNull();
                                    maxHeld.accumulateAndGet(held.addAndGet(a.bytes()), Math::max);
                                    Thread.yield();
                                    held.addAndGet(-a.bytes());
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxHeld.get()).as("seed " + seed).isPositive().isLessThanOrEqualTo(b.totalBytes());
        assertThat(b.peak()).as("seed " + seed).isLessThanOrEqualTo(b.totalBytes());
        assertThat(b.inUse()).as("seed " + seed).isZero();
    }
}
