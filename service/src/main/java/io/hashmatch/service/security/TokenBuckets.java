package io.hashmatch.service.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The service's one rate limiter: a Bucket4j token bucket per key, on a nanosecond clock of the caller's choosing.
 * A bucket starts full ({@code burst} tokens) and refills continuously at its rate; each request takes one token; a
 * rate of 0 means unlimited (no bucket is kept). Behind the API keys' limits ({@link RateLimiter}) and the public
 * intake's.
 *
 * <p>Keys not known in advance are bounded: a bucket that is full again holds nothing a new one would not, so past
 * {@code maxBuckets} buckets the full ones are dropped, and if that frees less than a quarter, all are. With a sweep
 * interval, the full buckets are also dropped that often, so a key is forgotten soon after its last request.
 *
 * <p>Thread-safe.
 *
 * @param <K> what a bucket is kept for (a key id, a client address key)
 */
public final class TokenBuckets<K> {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Map<K, Bucket> buckets = new ConcurrentHashMap<>();
    private final int maxBuckets;
    private final long sweepNanos;
    private final LongSupplier nanoClock;
    private final TimeMeter meter;
    private final Object sweeping = new Object();
    private volatile long nextSweep;

    /**
     * @param maxBuckets how many buckets are kept before the full ones are dropped ({@link Integer#MAX_VALUE}: no
     *     bound, for keys known in advance)
     * @param sweepNanos how often the full buckets are dropped, or 0 for only past {@code maxBuckets}
     * @param nanoClock the time in nanoseconds ({@link System#nanoTime()} or a test clock)
     */
    public TokenBuckets(int maxBuckets, long sweepNanos, LongSupplier nanoClock) {
        this.maxBuckets = maxBuckets;
        this.sweepNanos = sweepNanos;
        this.nanoClock = nanoClock;
        this.nextSweep = nanoClock.getAsLong() + sweepNanos;
        this.meter = new TimeMeter() {
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
     * Counts one request of {@code key}, whose bucket (made on its first request) holds {@code burst} tokens and
     * refills at {@code perSecond}.
     *
     * @return 0 if a token was taken (or the rate is 0), otherwise the nanoseconds (at least 1) until one will be
     *     available
     */
    public long nanosUntilToken(K key, double perSecond, int burst) {
        if (perSecond == 0) {
            return 0;
        }
        sweepIfDue(!buckets.containsKey(key), burst);
        ConsumptionProbe probe =
                buckets.computeIfAbsent(key, k -> newBucket(perSecond, burst)).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /** {@code waitNanos} of {@link #nanosUntilToken} as a {@code Retry-After}: 0, or whole seconds rounded up. */
    public static long retryAfterSeconds(long waitNanos) {
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    /** How many buckets are held now. */
    public int size() {
        return buckets.size();
    }

    private void sweepIfDue(boolean adding, int burst) {
        boolean full = adding && buckets.size() >= maxBuckets;
        if (!full && (sweepNanos == 0 || nanoClock.getAsLong() - nextSweep < 0)) {
            return;
        }
        synchronized (sweeping) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= burst);
            if (full && buckets.size() > maxBuckets / 4 * 3) { // so that a sweep frees a quarter at least
                buckets.clear();
            }
            nextSweep = nanoClock.getAsLong() + sweepNanos;
        }
    }

    private Bucket newBucket(double perSecond, int burst) {
        // A fractional rate (0.5/s) becomes one token per period; greedy refill adds tokens continuously.
        long nanosPerToken = Math.max(1, Math.round(NANOS_PER_SECOND / perSecond));
        Bandwidth limit = Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(1, Duration.ofNanos(nanosPerToken))
                .build();
        return Bucket.builder().addLimit(limit).withCustomTimePrecision(meter).build();
    }
}
