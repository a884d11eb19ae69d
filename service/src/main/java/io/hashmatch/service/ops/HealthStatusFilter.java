package io.hashmatch.service.ops;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;

/**
 * Micronaut's health filter (a {@code /health} answer's status from its health status: 503 when DOWN) registered for
 * every path instead of the three health paths. A filter with explicit paths makes Micronaut's router match every
 * request's path against them and sort the filter chain again, on every route (about 5 % of the CPU of a lookup that
 * costs little else); with every filter on {@code /**} it hands out one list built once. The filter only acts on an
 * answer whose body is a health result, which only the health endpoint returns, so the answers are the same.
 *
 * <p>Stateless; thread-safe.
 */
@Replaces(HealthResultFilter.class)
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = HealthEndpoint.class)
final class HealthStatusFilter extends HealthResultFilter {
    HealthStatusFilter(HealthEndpoint health) {
        super(health);
    }

    @Override
    @ResponseFilter
    public void doFilter(MutableHttpResponse<?> response) {
        super.doFilter(response);
    }
}
