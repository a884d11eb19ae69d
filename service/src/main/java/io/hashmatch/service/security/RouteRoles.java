package io.hashmatch.service.security;

import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.UriRouteInfo;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which role each route needs: the route → role table the {@link ApiKeyFilter} enforces.
 *
 * <ul>
 *   <li>a controller method of the service says it with {@link RequiredRole} ({@code /v1/...}, the HMA routes;
 *       {@code GET /status/live} is {@link Role#NONE});</li>
 *   <li>the framework's routes, by their template: {@code GET /health/liveness} is open (a process probe that says
 *       nothing about the lists); {@code /health} and {@code /health/readiness} name the loaded lists, versions and
 *       checksums, so they need {@link Role#MATCH}; {@code /prometheus} counts hits per list of every caller, so it
 *       needs {@link Role#ADMIN};</li>
 *   <li>the OpenAPI document and its browsable UI ({@code /swagger/...}, {@code /swagger-ui/...}, static files of the
 *       jar) are open: they describe the API of an open-source program, carry no data, and a browser cannot send a
 *       key when opening a page (the UI's "Authorize" button then sends the key with the requests it tries); so are
 *       the web console's files ({@code /console/...}), whose every API call carries the signed-in key; and the public
 *       report page's files ({@code /report/...}), made for people without a key;</li>
 *   <li>a request no route matches (404, 405) needs any valid key, so that unauthenticated callers cannot map the
 *       API;</li>
 *   <li>any other route has no role: {@link #of} returns null, the filter refuses it (403) and
 *       {@code SecurityMatrixTest} fails, so a new route cannot be left open by mistake.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class RouteRoles {
    /** Paths of the static OpenAPI document and UI, served without a route. */
    static final String OPENAPI_DOCUMENT = "/swagger/";

    static final String OPENAPI_UI = "/swagger-ui/";
    /** The web console's static files (io.hashmatch.service.console): every call they make carries a key. */
    static final String CONSOLE = "/console/";
    /** The public report page's static files (io.hashmatch.service.intake): open to everyone, like its routes. */
    static final String REPORT = "/report/";

    private RouteRoles() {}

    /**
     * Whether {@code path} is one of the public report page's: its pages and files ({@code /report},
     * {@code /report/...}) or its API ({@code /v1/report}, {@code /v1/report/...}). Reporters' addresses are never
     * written for these ({@link ClientAddresses#audited}).
     */
    public static boolean isReportPage(String path) {
        return path.equals("/report")
                || path.startsWith(REPORT)
                || path.equals("/v1/report")
                || path.startsWith("/v1/report/");
    }

    /**
     * The role a matched route needs, or null if the route is in no table (refused).
     *
     * @param route the matched route
     * @param variables the values of its URI variables (for {@code /health/{selector}})
     */
    public static @Nullable Role of(RouteInfo<?> route, Map<String, Object> variables) {
        Optional<Role> declared = route.getAnnotationMetadata().enumValue(RequiredRole.class, Role.class);
        if (declared.isPresent()) {
            return declared.get();
        }
        if (!(route instanceof UriRouteInfo<?, ?> uri)) {
            return null;
        }
        return switch (uri.getUriMatchTemplate().toString()) {
            case "/health" -> Role.MATCH;
            case "/health/{selector}" ->
                "liveness".equals(String.valueOf(variables.get("selector"))) ? Role.NONE : Role.MATCH;
            case "/prometheus" -> Role.ADMIN;
            default -> null;
        };
    }

    /**
     * The role a request that matched no route needs: none for the static OpenAPI, console and report files (a path without
     * {@code ..}), any valid key ({@link Role#MATCH}) for everything else.
     */
    public static Role ofUnmatched(String path) {
        boolean staticFile = (path.startsWith(OPENAPI_DOCUMENT)
                        || path.startsWith(OPENAPI_UI)
                        || path.startsWith(CONSOLE)
                        || path.startsWith(REPORT))
                && !path.contains("..")
                && !path.contains("%");
        return staticFile ? Role.NONE : Role.MATCH;
    }
}
