package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The intake's per-client buckets on a test clock: the burst, the refill, and when a client key is forgotten. */
class IntakeRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aClientGetsItsBurstThenTheRateAndIsForgottenOnceFull() {
        AtomicLong now = new AtomicLong(1000 * SECOND);
        IntakeRateLimiter limiter =
                new IntakeRateLimiter(new IntakeRateLimitConfiguration(2, 4, List.of(), 100), now::get);
        ClientKeys keys = new ClientKeys(new IntakeRateLimitConfiguration(2, 4, List.of(), 100));
        ClientKeys.Key a = keys.keyOf("198.51.100.1");
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.retryAfterSeconds(a)).isZero();
        }
        assertThat(limiter.retryAfterSeconds(a)).isEqualTo(1);
        now.addAndGet(SECOND / 2);
        assertThat(limiter.retryAfterSeconds(a)).isZero();
        assertThat(limiter.size()).isEqualTo(1);
        // full again after burst / rate = 2 s; swept at the next sweep (every 10 s)
        now.addAndGet(IntakeRateLimiter.SWEEP_NANOS);
        assertThat(limiter.retryAfterSeconds(keys.keyOf("198.51.100.2"))).isZero();
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void pastTheClientCapFullBucketsGoFirst() {
        AtomicLong now = new AtomicLong(0);
        IntakeRateLimiter limiter =
                new IntakeRateLimiter(new IntakeRateLimitConfiguration(1, 2, List.of(), 4), now::get);
        ClientKeys keys = new ClientKeys(new IntakeRateLimitConfiguration(1, 2, List.of(), 4));
        for (int i = 0; i < 4; i++) {
            limiter.retryAfterSeconds(keys.keyOf("198.51.100." + i));
            limiter.retryAfterSeconds(keys.keyOf("198.51.100." + i)); // empty: kept
        }
        assertThat(limiter.size()).isEqualTo(4);
        // a fifth client while all four are empty: more than 3/4 remain, so all are dropped
        assertThat(limiter.retryAfterSeconds(keys.keyOf("198.51.100.9"))).isZero();
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void rateZeroIsUnlimited() {
        IntakeRateLimiter limiter = new IntakeRateLimiter(new IntakeRateLimitConfiguration(0, 1, List.of(), 4));
        ClientKeys.Key a = new ClientKeys(new IntakeRateLimitConfiguration(0, 1, List.of(), 4)).keyOf("x");
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.retryAfterSeconds(a)).isZero();
        }
        assertThat(limiter.size()).isZero();
    }
}
