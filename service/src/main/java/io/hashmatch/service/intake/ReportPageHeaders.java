package io.hashmatch.service.intake;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The headers of every answer under {@code /report}: a strict Content-Security-Policy (the page's own files only; no
 * inline script or style; calls to this service only; no frame, no form post elsewhere), no referrer, no content-type
 * sniffing, not cached by shared caches; and a JavaScript content type for the ES modules ({@code .mjs}), which a
 * browser refuses to run as modules or workers otherwise.
 *
 * <p>Stateless; thread-safe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN) // the paths are matched here: see FilterPaths
final class ReportPageHeaders {
    static final FilterPaths PATHS = new FilterPaths("/report", "/report/**");

    /** The policy; the pages repeat it in a meta element. */
    static final String CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self';"
            + " img-src 'self' blob:; media-src blob:; connect-src 'self'; form-action 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!PATHS.matches(request.getPath())) {
            return;
        }
        response.header("Content-Security-Policy", CSP);
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Content-Type-Options", "nosniff");
        response.header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        if (request.getPath().endsWith(".mjs") || request.getPath().endsWith(".js")) {
            response.header(HttpHeaders.CONTENT_TYPE, "text/javascript;charset=utf-8");
        }
    }
}
