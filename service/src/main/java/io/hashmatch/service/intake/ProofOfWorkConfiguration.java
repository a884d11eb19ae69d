package io.hashmatch.service.intake;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code hashmatch.intake.proof-of-work}: the challenge a submission must carry ({@link Challenges}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param difficulty leading zero bits the solution's SHA-256 must have (default 16: about 65 000 hashes, well under a
 *     second in a phone's browser); each bit more doubles the work
 * @param ttl how long a challenge may be solved and used (default 5 minutes)
 * @param maxRemembered most used challenges remembered at once (default 200 000): a used challenge is remembered until
 *     it expires, so that it cannot be used again; when that many are, submissions are refused (503) until some expire
 */
@ConfigurationProperties("hashmatch.intake.proof-of-work")
record ProofOfWorkConfiguration(
        @Bindable(defaultValue = "16") int difficulty,
        @Bindable(defaultValue = "5m") Duration ttl,
        @Bindable(defaultValue = "200000") int maxRemembered) {

    /**
     * @throws IllegalArgumentException if the difficulty is outside 0..32, the ttl not positive or the cap below 1
     */
    ProofOfWorkConfiguration {
        String where = "hashmatch.intake.proof-of-work";
        if (difficulty < 0 || difficulty > 32) {
            throw new IllegalArgumentException(where + ".difficulty must be 0..32 bits: " + difficulty);
        }
        if (ttl.isNegative() || ttl.isZero() || maxRemembered < 1) {
            throw new IllegalArgumentException(
                    where + ".ttl must be positive and .max-remembered at least 1: " + ttl + ", " + maxRemembered);
        }
    }
}
