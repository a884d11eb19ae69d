package io.hashmatch.service.security;

import io.micronaut.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * The caller a request was authenticated as: the id of its API key (never the key) and the key's role.
 *
 * <p>Immutable; thread-safe.
 *
 * @param id the key's id, as configured ({@code hashmatch.security.keys.<id>})
 * @param role {@link Role#MATCH}, {@link Role#CURATE} or {@link Role#ADMIN}
 * @param revealDistance whether answers to this key may carry the PDQ distance of a hit
 */
public record ApiKey(String id, Role role, boolean revealDistance) {
    /** A key whose answers carry distances. */
    public ApiKey(String id, Role role) {
        this(id, role, true);
    }

    /** The request attribute under which {@link ApiKeyFilter} stores the caller. */
    static final String REQUEST_ATTRIBUTE = "hashmatch.caller";

    /** The key {@code request} was authenticated with, or null (an open route, or refused before authentication). */
    public static @Nullable ApiKey of(HttpRequest<?> request) {
        return request.getAttribute(REQUEST_ATTRIBUTE, ApiKey.class).orElse(null);
    }

    /**
     * Whether this key may use a route that needs {@code required}: a route that needs its role or a lower one (admin
     * may do everything, curate what needs curate or match, match what needs match).
     */
    public boolean mayUse(Role required) {
        return role.compareTo(required) >= 0;
    }
}
