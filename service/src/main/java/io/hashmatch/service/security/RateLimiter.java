package io.hashmatch.service.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per API key id, sized by the key's own {@code requests-per-second}/{@code burst} or the
 * default {@link RateLimitConfiguration}; a rate of 0 means unlimited.
 *
 * <p>Thread-safe.
 */
@Singleton
final class RateLimiter {
    private record Rate(double perSecond, int burst) {}

    private final Rate defaultRate;
    private final Map<String, Rate> rates = new HashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    @Inject
    RateLimiter(RateLimitConfiguration defaults, List<ConfiguredKey> keys) {
        this(defaults, keys, System::nanoTime);
    }

    RateLimiter(RateLimitConfiguration defaults, List<ConfiguredKey> keys, LongSupplier clock) {
        this.defaultRate = new Rate(defaults.requestsPerSecond(), defaults.burst());
        for (ConfiguredKey k : keys) {
            if (k.requestsPerSecond() != null || k.burst() != null) {
                Rate r = new Rate(
                        k.requestsPerSecond() == null ? defaults.requestsPerSecond() : k.requestsPerSecond(),
                        k.burst() == null ? defaults.burst() : k.burst());
                RateLimitConfiguration.checkRate("hashmatch.security.keys." + k.id(), r.perSecond(), r.burst());
                rates.put(k.id(), r);
            }
        }
        this.clock = clock;
    }

    /**
     * Counts one request of the key {@code keyId}.
     *
     * @return 0 if it may proceed, otherwise the whole seconds (at least 1) after which it may retry
     */
    long retryAfterSeconds(String keyId) {
        Rate rate = rates.getOrDefault(keyId, defaultRate);
        if (rate.perSecond() == 0) {
            return 0;
        }
        TokenBucket bucket = buckets.computeIfAbsent(
                keyId, id -> new TokenBucket(rate.perSecond(), rate.burst(), clock.getAsLong()));
        long waitNanos = bucket.tryTake(clock.getAsLong());
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
