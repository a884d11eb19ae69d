package io.hashmatch.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket and the per-key limiter, on a test clock: exact refills and waits. */
class TokenBucketTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullThenRefillsAtTheRate() {
        TokenBucket b = new TokenBucket(2, 3, 0); // 2 per second, 3 at once
        assertThat(b.tryTake(0)).isZero();
        assertThat(b.tryTake(0)).isZero();
        assertThat(b.tryTake(0)).isZero();
        assertThat(b.tryTake(0)).isEqualTo(SECOND / 2); // empty: one token in 0.5 s
        assertThat(b.tryTake(SECOND / 4)).isEqualTo(SECOND / 4);
        assertThat(b.tryTake(SECOND / 2)).isZero();
        assertThat(b.tryTake(100 * SECOND)).isZero(); // refills to the capacity, not beyond
        assertThat(b.tryTake(100 * SECOND)).isZero();
        assertThat(b.tryTake(100 * SECOND)).isZero();
        assertThat(b.tryTake(100 * SECOND)).isEqualTo(SECOND / 2);
    }

    @Test
    void refusesAnImpossibleRate() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
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
