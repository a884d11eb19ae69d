package io.hashmatch.service.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The default per-key rate limit, {@code hashmatch.security.rate-limit.*}: a token bucket per key that holds
 * {@code burst} requests and refills at {@code requests-per-second}; a request finding it empty is answered 429 with
 * {@code Retry-After}. A key may override both ({@link ConfiguredKey}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param requestsPerSecond sustained rate per key (default 1000); 0 turns the limit off
 * @param burst bucket size (default 2000)
 */
@ConfigurationProperties("hashmatch.security.rate-limit")
public record RateLimitConfiguration(
        @Bindable(defaultValue = "1000") double requestsPerSecond,
        @Bindable(defaultValue = "2000") int burst) {

    /**
     * @throws IllegalArgumentException if the rate is negative or not finite, or the burst is below 1
     */
    public RateLimitConfiguration {
        checkRate("hashmatch.security.rate-limit", requestsPerSecond, burst);
    }

    static void checkRate(String where, double requestsPerSecond, int burst) {
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException(
                    where + ".requests-per-second must be a number >= 0 (0: unlimited): " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(where + ".burst must be at least 1: " + burst);
        }
    }
}
