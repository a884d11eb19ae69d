package io.hashmatch.service.intake;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The intake's rate limit: a Bucket4j token bucket per {@link ClientKeys.Key}, holding
 * {@link IntakeRateLimitConfiguration#burst()} requests and refilling at its rate; each request takes one token.
 *
 * <p>Kept in memory only. A key is forgotten once its bucket is full again, which holds nothing a new bucket would not:
 * the buckets are swept every {@link #SWEEP_NANOS}, so a key stays at most {@code burst / rate} seconds (30 s by
 * default) plus the sweep interval (10 s) after its client's last request. Past
 * {@link IntakeRateLimitConfiguration#maxClients()} keys, full buckets are dropped at once, and if that frees less
 * than a quarter, all are.
 *
 * <p>Thread-safe.
 */
@Singleton
final class IntakeRateLimiter {
    static final long SWEEP_NANOS = 10_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final IntakeRateLimitConfiguration config;
    private final Map<ClientKeys.Key, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final TimeMeter meter;
    private final Object sweeping = new Object();
    private volatile long nextSweep;

    @Inject
    IntakeRateLimiter(IntakeRateLimitConfiguration config) {
        this(config, System::nanoTime);
    }

    /** @param nanoClock the time in nanoseconds ({@link System#nanoTime()} or a test clock) */
    IntakeRateLimiter(IntakeRateLimitConfiguration config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.nextSweep = nanoClock.getAsLong() + SWEEP_NANOS;
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
     * Counts one request of {@code client}.
     *
     * @return 0 if it may proceed, otherwise the whole seconds (at least 1) after which it may retry
     */
    long retryAfterSeconds(ClientKeys.Key client) {
        if (config.requestsPerSecond() == 0) {
            return 0;
        }
        sweepIfDue(!buckets.containsKey(client));
        ConsumptionProbe probe =
                buckets.computeIfAbsent(client, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        long wait = Math.max(1, probe.getNanosToWaitForRefill());
        return Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    /** How many client keys are held now. */
    int size() {
        return buckets.size();
    }

    private void sweepIfDue(boolean adding) {
        boolean full = adding && buckets.size() >= config.maxClients();
        if (!full && nanoClock.getAsLong() - nextSweep < 0) {
            return;
        }
        synchronized (sweeping) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= config.burst());
            if (full && buckets.size() > config.maxClients() / 4 * 3) {
                buckets.clear();
            }
            nextSweep = nanoClock.getAsLong() + SWEEP_NANOS;
        }
    }

    private Bucket newBucket() {
        long nanosPerToken = Math.max(1, Math.round(NANOS_PER_SECOND / config.requestsPerSecond()));
        Bandwidth limit = Bandwidth.builder()
                .capacity(config.burst())
                .refillGreedy(1, Duration.ofNanos(nanosPerToken))
                .build();
        return Bucket.builder().addLimit(limit).withCustomTimePrecision(meter).build();
    }
}
