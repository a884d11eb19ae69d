package io.hashmatch.service.intake;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code hashmatch.intake.rate-limit}: how many requests one client address may make to the public intake routes
 * ({@link IntakeGuard}), counted in memory only under a keyed hash of the address ({@link ClientKeys}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param requestsPerSecond sustained rate per address (default 2); 0 turns the limit off
 * @param burst requests an address may make at once before the rate applies (default 60)
 * @param trustedProxies CIDR blocks of the reverse proxies in front of the service: only a connection from one of them
 *     may name the client in {@code X-Forwarded-For}; from anywhere else the header is ignored (default none)
 * @param maxClients most addresses counted at once (default 100 000); past it, addresses whose bucket is full again
 *     are forgotten first, then all
 */
@ConfigurationProperties("hashmatch.intake.rate-limit")
record IntakeRateLimitConfiguration(
        @Bindable(defaultValue = "2") double requestsPerSecond,
        @Bindable(defaultValue = "60") int burst,
        @Nullable List<String> trustedProxies,
        @Bindable(defaultValue = "100000") int maxClients) {

    /**
     * @throws IllegalArgumentException if the rate is negative or not finite, the burst or the client cap below 1
     */
    IntakeRateLimitConfiguration {
        String where = "hashmatch.intake.rate-limit";
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException(
                    where + ".requests-per-second must be a number >= 0 (0: unlimited): " + requestsPerSecond);
        }
        if (burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException(
                    where + ".burst and .max-clients must be at least 1: " + burst + ", " + maxClients);
        }
    }

    /** The trusted proxies, never null. */
    List<String> proxies() {
        return trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
