package io.hashmatch.service.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The rate limit of refused requests, {@code hashmatch.security.refused-rate-limit.*}: a token bucket per client
 * address ({@link ClientAddresses}) that only requests without a valid key take from; once it is empty, such requests
 * from that address are answered 429 with {@code Retry-After} instead of 401, before anything else is done for them.
 * Requests with a valid key do not count and are not refused by it.
 *
 * <p>Immutable; thread-safe.
 *
 * @param requestsPerSecond sustained rate per address (default 1); 0 turns the limit off
 * @param burst bucket size (default 20)
 */
@ConfigurationProperties("hashmatch.security.refused-rate-limit")
public record RefusedRateLimitConfiguration(
        @Bindable(defaultValue = "1") double requestsPerSecond,
        @Bindable(defaultValue = "20") int burst) {

    /**
     * @throws IllegalArgumentException if the rate is negative or not finite, or the burst is below 1
     */
    public RefusedRateLimitConfiguration {
        RateLimitConfiguration.checkRate("hashmatch.security.refused-rate-limit", requestsPerSecond, burst);
    }
}
