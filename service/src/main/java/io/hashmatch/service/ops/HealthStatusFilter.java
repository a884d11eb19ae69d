package io.hashmatch.service.ops;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;
import io.micronaut.management.health.indicator.HealthResult;

/**
 * The status of a {@code /health} answer from its health status, as Micronaut's {@link HealthResultFilter} sets it
 * (the endpoint's configured mapping, else 503 for a non-operational status), registered for every path instead of
 * the three health paths. A filter with paths of its own makes Micronaut's router match every request's path
 * against them and sort the filter chain again, on every route (about 10 % of the CPU samples of a lookup in a
 * small list); with every filter on {@code /**} it hands out one list built once. Only the health endpoint answers
 * with a health result, so every other answer passes untouched.
 *
 * <p>Stateless; thread-safe.
 */
@Replaces(HealthResultFilter.class)
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = HealthEndpoint.class)
final class HealthStatusFilter {
    private final HealthEndpoint health;

    HealthStatusFilter(HealthEndpoint health) {
        this.health = health;
    }

    @ResponseFilter
    void status(MutableHttpResponse<?> response) {
        if (!(response.body() instanceof HealthResult result)) {
            return;
        }
        HealthStatus status = result.getStatus();
        HttpStatus mapped = health.getStatusConfiguration().getHttpMapping().get(status.getName());
        if (mapped != null) {
            response.status(mapped);
        } else if (!status.getOperational().orElse(true)) {
            response.status(HttpStatus.SERVICE_UNAVAILABLE);
        }
    }
}
