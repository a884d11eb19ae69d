package io.hashmatch.service.security;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates every request by its API key and enforces the route's role ({@link RouteRoles}) and the key's rate
 * ({@link RateLimiter}), before any body is read or any controller runs.
 *
 * <p>The key comes from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>} (if both are sent they must
 * be the same key). Answers, with the {@link ApiError} body of the rest of the API:
 * <ul>
 *   <li>401 {@code missing_api_key} / {@code invalid_api_key}, with {@code WWW-Authenticate: Bearer}: no key, or not a
 *       configured one;</li>
 *   <li>429 {@code rate_limited} with {@code Retry-After} instead, when the client address has used up its bucket of
 *       refused requests ({@link RefusedRateLimitConfiguration}): a flood without a valid key costs a bucket lookup
 *       per request and nothing else;</li>
 *   <li>403 {@code forbidden}: a valid key whose role does not allow the route (or a route with no role);</li>
 *   <li>429 {@code rate_limited} with {@code Retry-After} (seconds): the key's bucket is empty.</li>
 * </ul>
 * A request without a key from a network {@link AnonymousAccess} trusts is served as its anonymous caller instead of
 * 401 (off by default). Routes open to everyone ({@link Role#NONE}) ignore any key sent. The authenticated {@link ApiKey} is stored in the
 * request ({@link ApiKey#of}) for the audit log.
 *
 * <p>Stateless apart from the rate limiter; thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiKeyFilter implements Ordered {
    static final String X_API_KEY = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final RateLimiter rateLimiter;
    private final RateLimiter refusedPerClient;
    private final ClientAddresses clients;
    private final AnonymousAccess anonymous;

    ApiKeyFilter(
            ApiKeys keys,
            RateLimiter rateLimiter,
            RefusedRateLimitConfiguration refusedRate,
            ClientAddresses clients,
            AnonymousAccess anonymous) {
        this.keys = keys;
        this.anonymous = anonymous;
        this.rateLimiter = rateLimiter;
        this.refusedPerClient = RateLimiter.perClient(refusedRate, System::nanoTime);
        this.clients = clients;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    /** Null lets the request through; otherwise the refusal to answer. */
    @RequestFilter
    @Nullable
    MutableHttpResponse<?> check(HttpRequest<?> request) {
        Optional<RouteMatch<?>> match = RouteAttributes.getRouteMatch(request);
        Role required = match.isPresent()
                ? RouteRoles.of(match.get().getRouteInfo(), match.get().getVariableValues())
                : RouteRoles.ofUnmatched(request.getPath());
        if (required == Role.NONE) {
            return null;
        }
        String presented;
        try {
            presented = presentedKey(request);
        } catch (IllegalArgumentException e) {
            return unauthorized(
                    request, "invalid_api_key", Objects.requireNonNullElse(e.getMessage(), "invalid API key"));
        }
        ApiKey caller;
        if (presented == null) {
            caller = anonymous.callerFor(request);
            if (caller == null) {
                return unauthorized(
                        request,
                        "missing_api_key",
                        "an API key is required: send it as Authorization: Bearer <key> or X-API-Key: <key>");
            }
        } else {
            caller = keys.authenticate(presented);
            if (caller == null) {
                return unauthorized(request, "invalid_api_key", "the API key is not valid");
            }
        }
        request.setAttribute(ApiKey.REQUEST_ATTRIBUTE, caller);
        if (required == null || !caller.mayUse(required)) {
            String needs = required == null
                    ? "this route is not open to any key"
                    : "this route needs the " + required.name().toLowerCase(Locale.ROOT) + " role";
            String who = presented == null ? "a request without a key" : "key '" + caller.id() + "'";
            return refuse(ApiError.response(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    needs + "; " + who + " has the " + caller.role().name().toLowerCase(Locale.ROOT) + " role"));
        }
        long retryAfter = rateLimiter.retryAfterSeconds(caller.id());
        if (retryAfter > 0) {
            return refuse(ApiError.rateLimited("for key '" + caller.id() + "'", retryAfter));
        }
        return null;
    }

    /**
     * The key sent with the request, or null if none.
     *
     * @throws IllegalArgumentException if the Authorization header is not a bearer token, or two different keys are sent
     */
    static @Nullable String presentedKey(HttpRequest<?> request) {
        String bearer = null;
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw new IllegalArgumentException("the Authorization header must be \"Bearer <key>\"");
            }
            bearer = authorization.substring(BEARER.length()).strip();
        }
        String header = request.getHeaders().get(X_API_KEY);
        if (header != null) {
            header = header.strip();
        }
        if (bearer != null && header != null && !bearer.equals(header)) {
            throw new IllegalArgumentException("two different API keys were sent (Authorization and X-API-Key)");
        }
        String key = bearer != null ? bearer : header;
        return key == null || key.isEmpty() ? null : key;
    }

    /** 401, or 429 once the client address has used up its bucket of refused requests. */
    private MutableHttpResponse<?> unauthorized(HttpRequest<?> request, String code, String message) {
        long retryAfter = refusedPerClient.retryAfterSeconds(clients.of(request));
        if (retryAfter > 0) {
            return refuse(ApiError.rateLimited("without a valid API key from this address", retryAfter));
        }
        return refuse(ApiError.response(HttpStatus.UNAUTHORIZED, code, message)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hashmatch\""));
    }

    private static MutableHttpResponse<?> refuse(MutableHttpResponse<String> response) {
        return response;
    }
}
