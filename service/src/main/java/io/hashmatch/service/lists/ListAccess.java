package io.hashmatch.service.lists;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP API lets clients learn from and do to one served list, by list name:
 *
 * <pre>{@code
 * hashmatch:
 *   list-access:
 *     vendor-a:                 # the list's name, as served
 *       max-distance: 20        # largest PDQ distance a match key may ask for (0..64; default 31)
 *       reveal-distance: false  # answers say which entry matched, not at what distance (default true)
 *     HOTLINE:
 *       live-changes: false     # written whole by its owner: no entry-by-entry changes (default true)
 * }</pre>
 *
 * <p>Lists without an entry get the defaults. Checked when the service starts. Immutable; thread-safe.
 *
 * @param name the list's name (the property name)
 * @param maxDistance the largest PDQ distance a match key may search this list at, or null for the default
 * @param revealDistance whether answers about this list carry the distance of a hit, or null for the default (yes)
 * @param liveChanges whether entries may be added to and removed from this list one by one ({@link
 *     ListRegistry#change}), or null for the default (yes); false for a list its owner writes whole, each version made
 *     anew from the owner's own records (the hotline's list, from its confirmed reports), which would drop a change
 *     made beside them
 */
@EachProperty("hashmatch.list-access")
public record ListAccess(
        @Parameter String name,
        @Nullable Integer maxDistance,
        @Nullable Boolean revealDistance,
        @Nullable Boolean liveChanges) {

    /**
     * The key under which the settings of the list named {@code listName} are found: the name without regard to case,
     * because the configuration hands property names over in lower case ({@code HOTLINE} arrives as {@code hotline}).
     */
    public static String key(String listName) {
        return listName.toLowerCase(Locale.ROOT);
    }
}
