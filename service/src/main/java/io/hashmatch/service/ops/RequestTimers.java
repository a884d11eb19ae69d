package io.hashmatch.service.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.configuration.metrics.annotation.RequiresMetrics;
import io.micronaut.configuration.metrics.binder.web.config.HttpServerMeterConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.ErrorRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The per-request latency timer {@code http.server.requests} ({@code http_server_requests_seconds} on
 * {@code /prometheus}), the same series micronaut-micrometer's server filter records, from timers looked up once.
 * That filter builds a tag list and looks its timer up in the registry on every request (7-9 % of the CPU of a
 * lookup in a small list, bench/RESULTS.md); this one keeps the timers it has registered per route template, method,
 * status and exception, so a request costs two attribute reads, one map read and the recording.
 *
 * <p>Same tags and values as micronaut-micrometer 5's filter: {@code method} (the request's), {@code status} (the
 * answer's code), {@code exception} ({@code none}, else the simple class name of the exception the answer carries;
 * an error route's answer below 400 counts as {@code none}) and {@code uri}: the matched route's template without a
 * trailing slash and with no doubled slashes ({@code root} if empty, {@code UNMATCHED_URI} without a route), except
 * {@code REDIRECTION} for 3xx, {@code NOT_FOUND} for 404, and, with
 * {@code micronaut.metrics.binders.web.client-errors-uris.enabled: false}, {@code UNAUTHORIZED} for 401 and
 * {@code BAD_REQUEST} for the other 4xx. The distribution settings are that filter's too
 * ({@code micronaut.metrics.binders.web.server.histogram}, {@code percentiles}, {@code slos}, {@code min},
 * {@code max}, in seconds). Active when micronaut-micrometer's web metrics are off
 * ({@code micronaut.metrics.binders.web.enabled: false}, as application.yml sets), so that exactly one of the two
 * records the series; no order of its own, as that filter has none.
 *
 * <p>Thread-safe: timers are registered at most once per tag set (a registry returns the registered timer for a tag
 * set it already has); lookups take no lock.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@RequiresMetrics
@Requires(property = RequestTimers.WEB_METRICS, value = StringUtils.FALSE)
final class RequestTimers {
    /** micronaut-micrometer's switch for its web metrics, its server filter included. */
    static final String WEB_METRICS = "micronaut.metrics.binders.web.enabled";

    static final String NAME = "http.server.requests";
    private static final String START = RequestTimers.class.getName() + ".start";
    private static final String UNMATCHED = "UNMATCHED_URI";
    private static final String NO_EXCEPTION = "none";

    private final MeterRegistry registry;
    private final HttpServerMeterConfig distribution;
    private final boolean clientErrorUris;
    /** Per route template as the request carries it ({@link #UNMATCHED} without a route). */
    private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();

    RequestTimers(
            MeterRegistry registry,
            HttpServerMeterConfig distribution,
            @Value("${micronaut.metrics.binders.web.client-errors-uris.enabled:true}") boolean clientErrorUris) {
        this.registry = registry;
        this.distribution = distribution;
        this.clientErrorUris = clientErrorUris;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(START, System.nanoTime());
    }

    @ResponseFilter
    void record(HttpRequest<?> request, HttpResponse<?> response) {
        long end = System.nanoTime();
        long start = request.getAttribute(START).orElse(null) instanceof Long l ? l : end;
        String template = BasicHttpAttributes.getUriTemplate(request).orElse(UNMATCHED);
        Route route = routes.get(template);
        if (route == null) {
            route = routes.computeIfAbsent(template, t -> new Route(sanitized(t)));
        }
        route.timer(request.getMethod(), response.code(), exception(response))
                .record(end - start, TimeUnit.NANOSECONDS);
    }

    /** The {@code exception} tag of an answer. */
    private static String exception(HttpResponse<?> response) {
        Throwable thrown = RouteAttributes.getException(response).orElse(null);
        if (thrown == null) {
            return NO_EXCEPTION;
        }
        RouteMatch<?> match = RouteAttributes.getRouteMatch(response).orElse(null);
        boolean errorRoute = match != null && match.getRouteInfo() instanceof ErrorRouteInfo<?, ?>;
        return errorRoute && response.code() < 400
                ? NO_EXCEPTION
                : thrown.getClass().getSimpleName();
    }

    /** A route template with doubled slashes and a trailing slash removed, {@code root} if nothing is left. */
    static String sanitized(String template) {
        String path = template.replaceAll("/{2,}", "/");
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? "root" : path;
    }

    /** One tag set and its timer. */
    private record Tagged(HttpMethod method, int status, String exception, Timer timer) {}

    /** The timers of one route, copied on each new tag set, never changed once published. */
    private final class Route {
        private final String path;
        private volatile Tagged[] timers = new Tagged[0];

        Route(String path) {
            this.path = path;
        }

        Timer timer(HttpMethod method, int status, String exception) {
            Timer t = find(timers, method, status, exception);
            return t != null ? t : register(method, status, exception);
        }

        private synchronized Timer register(HttpMethod method, int status, String exception) {
            Tagged[] now = timers;
            Timer t = find(now, method, status, exception);
            if (t == null) {
                t = newTimer(method.toString(), Integer.toString(status), uri(path, status), exception);
                Tagged[] more = Arrays.copyOf(now, now.length + 1);
                more[now.length] = new Tagged(method, status, exception, t);
                timers = more;
            }
            return t;
        }

        private static @Nullable Timer find(Tagged[] timers, HttpMethod method, int status, String exception) {
            for (Tagged t : timers) {
                if (t.status() == status
                        && t.method() == method
                        && t.exception().equals(exception)) {
                    return t.timer();
                }
            }
            return null;
        }
    }

    /** The {@code uri} tag of an answer with {@code status} on a route with {@code path}. */
    private String uri(String path, int status) {
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (!clientErrorUris && status >= 400 && status < 500) {
            return status == HttpStatus.UNAUTHORIZED.getCode() ? "UNAUTHORIZED" : "BAD_REQUEST";
        }
        return status == HttpStatus.NOT_FOUND.getCode() ? "NOT_FOUND" : path;
    }

    private Timer newTimer(String method, String status, String uri, String exception) {
        Timer.Builder b = Timer.builder(NAME)
                .tag("method", method)
                .tag("status", status)
                .tag("uri", uri)
                .tag("exception", exception)
                .publishPercentileHistogram(distribution.getHistogram());
        if (distribution.getPercentiles() != null) {
            b.publishPercentiles(unboxed(distribution.getPercentiles()));
        }
        if (distribution.getSlos() != null) {
            b.serviceLevelObjectives(Arrays.stream(distribution.getSlos())
                    .map(RequestTimers::seconds)
                    .toArray(Duration[]::new));
        }
        if (distribution.getMin() != null) {
            b.minimumExpectedValue(seconds(distribution.getMin()));
        }
        if (distribution.getMax() != null) {
            b.maximumExpectedValue(seconds(distribution.getMax()));
        }
        return b.register(registry);
    }

    private static double[] unboxed(Double[] values) {
        return Arrays.stream(values).mapToDouble(Double::doubleValue).toArray();
    }

    private static Duration seconds(Double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
