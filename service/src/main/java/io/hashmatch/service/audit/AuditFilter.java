package io.hashmatch.service.audit;

import io.hashmatch.service.http.MatchSummary;
import io.hashmatch.service.http.RequestSubject;
import io.hashmatch.service.security.ApiError;
import io.hashmatch.service.security.ApiKey;
import io.hashmatch.service.security.ClientAddresses;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteInfo;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the audit line of every request once its answer is known: the outermost filter, so it sees the final status.
 * The route is written as its template ({@code GET /m/lookup}), never the path or query, which may hold a queried
 * hash. Requests refused without a valid key (401, 429) and rate-limited ones are counted per client address instead
 * ({@link AuditLog#refused}), except those of the public report page, counted under {@link ClientAddresses#WITHHELD}:
 * no reporter's address is ever written.
 *
 * <p>While the audit log cannot be written ({@link AuditLog#unwritable}), requests are refused with 503
 * {@code audit_unavailable} before anything else is done for them (and counted as refused), except the health probes
 * ({@link #PROBES}), which are answered and not audited: liveness stays UP, readiness says why it is DOWN
 * ({@link AuditHealthIndicator}).
 *
 * <p>Stateless; thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = Environment.CLI)
final class AuditFilter implements Ordered {
    /** Routes answered even when the log cannot be written: the process and readiness probes. */
    static final Set<String> PROBES = Set.of("GET /status/live", "GET /health", "GET /health/{selector}");

    /** Seconds a client is told to wait while the log cannot be written (a write is retried every second). */
    private static final String RETRY_AFTER_SECONDS = "5";

    private static final String UNAUDITED = "hashmatch.audit.refused-unaudited";

    private final AuditLog log;
    private final ClientAddresses clients;

    AuditFilter(AuditLog log, ClientAddresses clients) {
        this.log = log;
        this.clients = clients;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    /** Null lets the request through; a 503 while the log cannot be written. */
    @RequestFilter
    @Nullable
    MutableHttpResponse<?> refuseUnaudited(HttpRequest<?> request) {
        String problem = log.unwritable();
        if (problem == null || PROBES.contains(route(request))) {
            return null;
        }
        // counted here: the response phase of the filter that answered does not run
        request.setAttribute(UNAUDITED, true);
        log.refused(Instant.now(), clients.audited(request), null, HttpStatus.SERVICE_UNAVAILABLE.getCode());
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(ApiError.of(
                        "audit_unavailable",
                        "the audit log cannot be written (" + problem + "): requests are refused until it can"))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }

    @ResponseFilter
    void audit(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        ApiKey caller = ApiKey.of(request);
        String keyId = caller == null ? null : caller.id();
        boolean refusedUnaudited =
                request.getAttribute(UNAUDITED, Boolean.class).orElse(false);
        if (refusedUnaudited
                || status == HttpStatus.UNAUTHORIZED.getCode()
                || status == HttpStatus.TOO_MANY_REQUESTS.getCode()) {
            log.refused(Instant.now(), clients.audited(request), keyId, status);
            return;
        }
        if (log.unwritable() != null && PROBES.contains(route(request))) {
            return; // a probe answered while nothing can be written
        }
        log.append(
                Instant.now(),
                keyId,
                route(request),
                status,
                request.getAttribute(RequestSubject.ATTRIBUTE, RequestSubject.class)
                        .map(RequestSubject::text)
                        .orElse(null),
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
