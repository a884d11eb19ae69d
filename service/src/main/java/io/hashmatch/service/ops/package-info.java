/**
 * Operations of the service: the match and decode counters exported on {@code /prometheus}
 * ({@link io.hashmatch.service.ops.MatchObserver}) next to the per-route latency histograms of micronaut-micrometer,
 * recorded from timers looked up once ({@link io.hashmatch.service.ops.RequestTimers}), and the OpenAPI description
 * of the API ({@link io.hashmatch.service.ops.OpenApiDefinition}), generated at build time and served with its UI;
 * the health endpoint's answer status (a filter on every path, so that Micronaut never matches a request's path per
 * filter).
 */
@NullMarked
package io.hashmatch.service.ops;

import org.jspecify.annotations.NullMarked;
