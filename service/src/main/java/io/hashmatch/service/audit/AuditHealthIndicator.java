package io.hashmatch.service.audit;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness of {@code /health} (and {@code /health/readiness}): {@code DOWN} while the audit log cannot be written
 * (requests other than the probes are then refused), with the reason; {@code UP} with the current file otherwise.
 * Not part of liveness: a full disk is not a reason to restart the process.
 *
 * <p>Thread-safe.
 */
@Singleton
@Readiness
@Requires(notEnv = Environment.CLI)
final class AuditHealthIndicator implements HealthIndicator {
    private final AuditLog log;

    AuditHealthIndicator(AuditLog log) {
        this.log = log;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        String problem = log.unwritable();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file", log.file().toString());
        if (problem != null) {
            details.put("error", "cannot write the audit log: " + problem);
        }
        return Publishers.just(HealthResult.builder("audit", problem == null ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details)
                .build());
    }
}
