package io.hashmatch.service.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code hashmatch.audit.*}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param file the audit log (default {@code hashmatch-audit.jsonl} in the working directory); created if missing,
 *     otherwise continued from its last line
 */
@ConfigurationProperties("hashmatch.audit")
public record AuditConfiguration(
        @Bindable(defaultValue = "hashmatch-audit.jsonl") String file) {}
