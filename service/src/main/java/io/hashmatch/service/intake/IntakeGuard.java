package io.hashmatch.service.intake;

import io.hashmatch.service.security.ApiError;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.jspecify.annotations.Nullable;

/**
 * Guards the public intake routes (the pages {@code /report} and {@code /report/status}, and every {@code /v1/report}
 * route) before any body is read or any controller runs:
 *
 * <ul>
 *   <li>429 {@code rate_limited} with {@code Retry-After} (seconds) once the client's bucket is empty
 *       ({@link IntakeRateLimiter}, counted under {@link ClientKeys}: the address itself is never kept);</li>
 *   <li>a body over the route's cap, from its {@code Content-Length}: 413 {@code body_too_large}
 *       ({@link IntakeConfiguration#maxBody()} for {@code POST /v1/report}, {@link #MAX_STATUS_BODY} bytes for
 *       {@code POST /v1/report/status}, none at all for the other routes);</li>
 *   <li>a POST whose length is not declared (a chunked body): 411 {@code length_required}, so that the cap is known
 *       before a byte of the body is read. Browsers always declare it.</li>
 * </ul>
 * The static files of the page ({@code /report/*.js}, ...) are not counted: a page load fetches several, they are the
 * same for everyone, and they cost no more than the page itself.
 *
 * <p>Stateless apart from the rate limiter; thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN) // the paths are matched here: see FilterPaths
final class IntakeGuard implements Ordered {
    static final FilterPaths PATHS = new FilterPaths("/report", "/report/status", "/v1/report", "/v1/report/**");

    /** Most bytes of a status request's body: {@code {"receipt":"..."}}. */
    static final int MAX_STATUS_BODY = 1024;

    private final IntakeRateLimiter limiter;
    private final ClientKeys clients;
    private final IntakeConfiguration config;

    IntakeGuard(IntakeRateLimiter limiter, ClientKeys clients, IntakeConfiguration config) {
        this.limiter = limiter;
        this.clients = clients;
        this.config = config;
    }

    /** Before the API key filter: an unknown {@code /v1/report/...} path is counted too. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    /** Null lets the request through; otherwise the refusal to answer. */
    @RequestFilter
    @Nullable
    MutableHttpResponse<?> check(HttpRequest<?> request) {
        if (!PATHS.matches(request.getPath())) {
            return null;
        }
        long retryAfter = limiter.retryAfterSeconds(clients.of(request));
        if (retryAfter > 0) {
            return ApiError.rateLimited("from this address", retryAfter);
        }
        long cap = bodyCap(request);
        long length = request.getContentLength();
        if (request.getMethod() == HttpMethod.POST && length < 0) {
            return ApiError.response(
                    HttpStatus.LENGTH_REQUIRED,
                    "length_required",
                    "send the body with a Content-Length header (at most " + cap + " bytes)");
        }
        if (length > cap) {
            return ApiError.response(
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body_too_large",
                    cap == 0
                            ? "this route takes no body"
                            : "the body of " + request.getMethodName() + " " + request.getPath() + " is at most " + cap
                                    + " bytes; this one declares " + length);
        }
        return null;
    }

    /** The most bytes of body {@code request}'s route takes. */
    private long bodyCap(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return 0;
        }
        return switch (request.getPath()) {
            case "/v1/report" -> config.maxBody();
            case "/v1/report/status" -> MAX_STATUS_BODY;
            default -> 0;
        };
    }
}
