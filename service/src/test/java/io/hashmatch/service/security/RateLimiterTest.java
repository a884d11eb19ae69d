package io.hashmatch.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-key limiter's token buckets, on a test clock: exact refills and waits. */
class RateLimiterTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullThenRefillsAtTheRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter b = new RateLimiter(new RateLimitConfiguration(2, 3), List.of(), now::get); // 2/s, 3 at once
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isEqualTo(SECOND / 2); // empty: one token in 0.5 s
        now.set(SECOND / 4);
        assertThat(b.nanosUntilToken("k")).isEqualTo(SECOND / 4);
        now.set(SECOND / 2);
        assertThat(b.nanosUntilToken("k")).isZero();
        now.set(100 * SECOND); // refills to the capacity, not beyond
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isEqualTo(SECOND / 2);
    }

    @Test
    void aFractionalRateRefillsOneTokenPerPeriod() {
        AtomicLong now = new AtomicLong();
        RateLimiter b = new RateLimiter(new RateLimitConfiguration(0.5, 1), List.of(), now::get);
        assertThat(b.nanosUntilToken("k")).isZero();
        assertThat(b.nanosUntilToken("k")).isEqualTo(2 * SECOND);
        assertThat(b.retryAfterSeconds("k")).isEqualTo(2);
        now.set(2 * SECOND);
        assertThat(b.retryAfterSeconds("k")).isZero();
    }

    @Test
    void limitsEachKeyWithItsOwnBucketAndRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(
                new RateLimitConfiguration(1, 2),
                List.of(
                        new ConfiguredKey("fast", "match", null, 10.0, 1),
                        new ConfiguredKey("free", "match", null, 0.0, null)),
                now::get);
        assertThat(limiter.retryAfterSeconds("a")).isZero();
        assertThat(limiter.retryAfterSeconds("a")).isZero();
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(1);
        assertThat(limiter.retryAfterSeconds("b"))
                .as("another key, another bucket")
                .isZero();
        assertThat(limiter.retryAfterSeconds("fast")).isZero();
        assertThat(limiter.retryAfterSeconds("fast"))
                .as("0.1 s rounds up to 1 s")
                .isEqualTo(1);
        now.set(SECOND / 10);
        assertThat(limiter.retryAfterSeconds("fast")).isZero();
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.retryAfterSeconds("free")).isZero();
        }
    }

    @Test
    void refusesANegativeRateOrAnEmptyBurst() {
        assertThatThrownBy(() -> new RateLimitConfiguration(-1, 1))
                .hasMessage(
                        "hashmatch.security.rate-limit.requests-per-second must be a number >= 0 (0: unlimited): -1.0");
        assertThatThrownBy(() -> new RateLimitConfiguration(1, 0))
                .hasMessage("hashmatch.security.rate-limit.burst must be at least 1: 0");
        assertThatThrownBy(() -> new RateLimiter(
                        new RateLimitConfiguration(1, 1),
                        List.of(new ConfiguredKey("k", "match", null, Double.NaN, null)),
                        () -> 0))
                .hasMessage("hashmatch.security.keys.k.requests-per-second must be a number >= 0 (0: unlimited): NaN");
    }
}
