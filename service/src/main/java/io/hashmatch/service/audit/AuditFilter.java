package io.hashmatch.service.audit;

import io.hashmatch.service.http.MatchSummary;
import io.hashmatch.service.security.ApiKey;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes the audit line of every request once its answer is known, refused ones (401, 403, 429) included: the
 * outermost filter, so it sees the final status. The route is written as its template ({@code GET /m/lookup}), never
 * the path or query, which may hold a queried hash.
 *
 * <p>Stateless; thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = Environment.CLI)
final class AuditFilter implements Ordered {
    private final AuditLog log;

    AuditFilter(AuditLog log) {
        this.log = log;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @ResponseFilter
    void audit(HttpRequest<?> request, MutableHttpResponse<?> response) {
        ApiKey caller = ApiKey.of(request);
        log.append(
                Instant.now(),
                caller == null ? null : caller.id(),
                route(request),
                response.code(),
                request.getAttribute(MatchSummary.ATTRIBUTE, MatchSummary.class).orElse(null));
    }

    /** {@code METHOD /template} of the matched route, or {@code METHOD (no route)}. */
    static String route(HttpRequest<?> request) {
        Optional<RouteMatch<?>> match = RouteAttributes.getRouteMatch(request);
        if (match.isPresent() && match.get().getRouteInfo() instanceof UriRouteInfo<?, ?> uri) {
            return request.getMethodName() + " " + uri.getUriMatchTemplate();
        }
        return request.getMethodName() + " (no route)";
    }
}
