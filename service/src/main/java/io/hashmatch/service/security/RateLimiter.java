package io.hashmatch.service.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The limits of API keys: one {@link TokenBuckets} bucket per key id, sized by the key's own
 * {@code requests-per-second}/{@code burst} or the default {@link RateLimitConfiguration}; or per client address for
 * refused requests ({@link #perClient}), bounded to {@link #MAX_CLIENT_BUCKETS} as client addresses are not known in
 * advance. A rate of 0 means unlimited.
 *
 * <p>Thread-safe.
 */
@Singleton
final class RateLimiter {
    static final int MAX_CLIENT_BUCKETS = 100_000;

    private record Rate(double perSecond, int burst) {}

    private final Rate defaultRate;
    private final Map<String, Rate> rates = new HashMap<>();
    private final TokenBuckets<String> buckets;

    @Inject
    RateLimiter(RateLimitConfiguration defaults, List<ConfiguredKey> keys) {
        this(defaults, keys, System::nanoTime);
    }

    /** @param nanoClock the time in nanoseconds ({@link System#nanoTime()} or a test clock) */
    RateLimiter(RateLimitConfiguration defaults, List<ConfiguredKey> keys, LongSupplier nanoClock) {
        this(defaults.requestsPerSecond(), defaults.burst(), Integer.MAX_VALUE, nanoClock);
        for (ConfiguredKey k : keys) {
            if (k.requestsPerSecond() != null || k.burst() != null) {
                Rate r = new Rate(
                        k.requestsPerSecond() == null ? defaults.requestsPerSecond() : k.requestsPerSecond(),
                        k.burst() == null ? defaults.burst() : k.burst());
                RateLimitConfiguration.checkRate("hashmatch.security.keys." + k.id(), r.perSecond(), r.burst());
                rates.put(k.id(), r);
            }
        }
    }

    /** The limit of refused requests per client address. */
    static RateLimiter perClient(RefusedRateLimitConfiguration c, LongSupplier nanoClock) {
        return new RateLimiter(c.requestsPerSecond(), c.burst(), MAX_CLIENT_BUCKETS, nanoClock);
    }

    private RateLimiter(double perSecond, int burst, int maxBuckets, LongSupplier nanoClock) {
        this.defaultRate = new Rate(perSecond, burst);
        this.buckets = new TokenBuckets<>(maxBuckets, 0, nanoClock);
    }

    /**
     * Counts one request of the key (or client address) {@code keyId}.
     *
     * @return 0 if it may proceed, otherwise the whole seconds (at least 1) after which it may retry
     */
    long retryAfterSeconds(String keyId) {
        return TokenBuckets.retryAfterSeconds(nanosUntilToken(keyId));
    }

    /**
     * Counts one request of the key {@code keyId}, exactly.
     *
     * @return 0 if a token was taken, otherwise the nanoseconds (at least 1) until one will be available
     */
    long nanosUntilToken(String keyId) {
        Rate rate = rates.getOrDefault(keyId, defaultRate);
        return buckets.nanosUntilToken(keyId, rate.perSecond(), rate.burst());
    }
}
