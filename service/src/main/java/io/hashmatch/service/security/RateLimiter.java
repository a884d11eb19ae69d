package io.hashmatch.service.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One Bucket4j token bucket per name: per API key id, sized by the key's own {@code requests-per-second}/{@code burst}
 * or the default {@link RateLimitConfiguration}; or per client address for refused requests ({@link #perClient}). A
 * rate of 0 means unlimited. A bucket starts full (burst tokens) and refills continuously at the rate; each request
 * takes one token. Client addresses are not known in advance: past {@link #MAX_CLIENT_BUCKETS} buckets, the full ones
 * (which hold nothing a new bucket would not) are dropped, and if that frees less than a quarter, all are.
 *
 * <p>Thread-safe.
 */
@Singleton
final class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final int MAX_CLIENT_BUCKETS = 100_000;

    private record Rate(double perSecond, int burst) {}

    private final Rate defaultRate;
    private final Map<String, Rate> rates = new HashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final TimeMeter clock;
    private final int maxBuckets;

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
        this.maxBuckets = maxBuckets;
        this.clock = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanoClock.getAsLong();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    /**
     * Counts one request of the key (or client address) {@code keyId}.
     *
     * @return 0 if it may proceed, otherwise the whole seconds (at least 1) after which it may retry
     */
    long retryAfterSeconds(String keyId) {
        long waitNanos = nanosUntilToken(keyId);
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    /**
     * Counts one request of the key {@code keyId}, exactly.
     *
     * @return 0 if a token was taken, otherwise the nanoseconds (at least 1) until one will be available
     */
    long nanosUntilToken(String keyId) {
        Rate rate = rates.getOrDefault(keyId, defaultRate);
        if (rate.perSecond() == 0) {
            return 0;
        }
        if (buckets.size() >= maxBuckets && !buckets.containsKey(keyId)) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= rate.burst());
            if (buckets.size() > maxBuckets / 4 * 3) { // so that a scan frees a quarter at least
                buckets.clear();
            }
        }
        ConsumptionProbe probe =
                buckets.computeIfAbsent(keyId, id -> newBucket(rate)).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    private Bucket newBucket(Rate rate) {
        // A fractional rate (0.5/s) becomes one token per period; greedy refill adds tokens continuously.
        long nanosPerToken = Math.max(1, Math.round(NANOS_PER_SECOND / rate.perSecond()));
        Bandwidth limit = Bandwidth.builder()
                .capacity(rate.burst())
                .refillGreedy(1, Duration.ofNanos(nanosPerToken))
                .build();
        return Bucket.builder().addLimit(limit).withCustomTimePrecision(clock).build();
    }
}
