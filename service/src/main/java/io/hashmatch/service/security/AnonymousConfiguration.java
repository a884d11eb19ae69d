package io.hashmatch.service.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Requests without a key from trusted networks, {@code hashmatch.security.anonymous.*}: for HMA clients that cannot
 * send a key, behind a gateway of their own (see {@link AnonymousAccess}).
 *
 * <pre>{@code
 * hashmatch:
 *   security:
 *     anonymous:
 *       role: curate            # match or curate; never admin
 *       from: [10.0.0.0/8]      # CIDR blocks of the connection's peer address
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 *
 * @param role the role such requests get, or null (the default): off
 * @param from the networks they must come from
 */
@ConfigurationProperties("hashmatch.security.anonymous")
public record AnonymousConfiguration(
        @Nullable String role, @Nullable List<String> from) {}
