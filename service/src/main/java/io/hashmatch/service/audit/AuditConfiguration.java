package io.hashmatch.service.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code hashmatch.audit.*}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param file the audit log's current file (default {@code hashmatch-audit.jsonl} in the working directory); created
 *     if missing, otherwise continued from its last line
 * @param rotateSize bytes after which the current file is rotated (renamed {@code <stem>.<time>.jsonl}) and a new one
 *     continues the chain (default 100 MiB); 0: never by size
 * @param rotateDaily whether the first line written on a new UTC day rotates the current file first (default true)
 * @param refusedInterval how long refused requests (401, 429, 503) of one client address are counted before their
 *     {@code refused} line is written (default 60 s)
 */
@ConfigurationProperties("hashmatch.audit")
public record AuditConfiguration(
        @Bindable(defaultValue = "hashmatch-audit.jsonl") String file,
        @Bindable(defaultValue = "104857600") long rotateSize,
        @Bindable(defaultValue = "true") boolean rotateDaily,
        @Bindable(defaultValue = "60s") Duration refusedInterval) {

    /**
     * @throws IllegalArgumentException if the size is negative or the interval not positive
     */
    public AuditConfiguration {
        if (rotateSize < 0) {
            throw new IllegalArgumentException("hashmatch.audit.rotate-size must be >= 0 (0: never): " + rotateSize);
        }
        if (refusedInterval.isNegative() || refusedInterval.isZero()) {
            throw new IllegalArgumentException("hashmatch.audit.refused-interval must be positive: " + refusedInterval);
        }
    }

    /** {@code file} that is never rotated, refused requests counted over the default interval. */
    static AuditConfiguration of(String file) {
        return new AuditConfiguration(file, 0, false, Duration.ofSeconds(60));
    }
}
