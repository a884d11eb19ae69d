package io.hashmatch.service.lists;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP API lets clients learn from one served list, by list name:
 *
 * <pre>{@code
 * hashmatch:
 *   list-access:
 *     vendor-a:                 # the list's name, as served
 *       max-distance: 20        # largest PDQ distance a match key may ask for (0..64; default 31)
 *       reveal-distance: false  # answers say which entry matched, not at what distance (default true)
 * }</pre>
 *
 * <p>Lists without an entry get the defaults. Checked when the service starts. Immutable; thread-safe.
 *
 * @param name the list's name (the property name)
 * @param maxDistance the largest PDQ distance a match key may search this list at, or null for the default
 * @param revealDistance whether answers about this list carry the distance of a hit, or null for the default (yes)
 */
@EachProperty("hashmatch.list-access")
public record ListAccess(
        @Parameter String name,
        @Nullable Integer maxDistance,
        @Nullable Boolean revealDistance) {}
