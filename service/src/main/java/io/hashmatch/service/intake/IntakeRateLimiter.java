package io.hashmatch.service.intake;

import io.hashmatch.service.security.TokenBuckets;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.LongSupplier;

/**
 * The intake's rate limit: a {@link TokenBuckets} bucket per {@link ClientKeys.Key}, holding
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

    private final IntakeRateLimitConfiguration config;
    private final TokenBuckets<ClientKeys.Key> buckets;

    @Inject
    IntakeRateLimiter(IntakeRateLimitConfiguration config) {
        this(config, System::nanoTime);
    }

    /** @param nanoClock the time in nanoseconds ({@link System#nanoTime()} or a test clock) */
    IntakeRateLimiter(IntakeRateLimitConfiguration config, LongSupplier nanoClock) {
        this.config = config;
        this.buckets = new TokenBuckets<>(config.maxClients(), SWEEP_NANOS, nanoClock);
    }

    /**
     * Counts one request of {@code client}.
     *
     * @return 0 if it may proceed, otherwise the whole seconds (at least 1) after which it may retry
     */
    long retryAfterSeconds(ClientKeys.Key client) {
        return TokenBuckets.retryAfterSeconds(
                buckets.nanosUntilToken(client, config.requestsPerSecond(), config.burst()));
    }

    /** How many client keys are held now. */
    int size() {
        return buckets.size();
    }
}
