package io.hashmatch.service.console;

import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /favicon.ico}: the icon every browser asks for when it opens the console or the API documentation. Open
 * to everyone, like the pages that make the browser ask, and cached for a day: otherwise each page view would add a
 * refused request to the audit log.
 *
 * <p>Stateless; thread-safe.
 */
@Controller
final class FaviconController {
    static final String ICON = "/favicon.ico";
    private static final String MEDIA_TYPE = "image/x-icon";

    private final byte[] icon;

    FaviconController() {
        try (InputStream in = FaviconController.class.getResourceAsStream(ICON)) {
            if (in == null) {
                throw new IllegalStateException(ICON + " is missing from the jar");
            }
            this.icon = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ICON + " from the jar", e);
        }
    }

    @Get(uri = ICON, produces = MEDIA_TYPE)
    @RequiredRole(Role.NONE)
    HttpResponse<byte[]> icon() {
        return HttpResponse.ok(icon).contentType(MEDIA_TYPE).header(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
    }
}
