package io.hashmatch.service.lists;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hashmatch.*} settings of the served lists ({@code application.yml}, environment variables such as
 * {@code HASHMATCH_LISTS}, or {@code hashmatch serve --list/--config}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param lists {@code [NAME=]FILE} entries ({@link ListSource#parse}); none: the demo list of {@code hashlists/demo/}
 * @param workDir where imported snapshots are written; null: a new temporary directory, deleted at shutdown
 * @param watch whether replacing a list file on disk reloads it (default true)
 * @param minQuality PDQ queries of known quality below this are answered "low quality" (default 50)
 */
@ConfigurationProperties("hashmatch")
public record ListsConfiguration(
        @Nullable List<String> lists,
        @Nullable String workDir,
        @Bindable(defaultValue = "true") boolean watch,
        @Bindable(defaultValue = "50") int minQuality) {

    /** The configured list specs, never null. */
    public List<String> listSpecs() {
        return lists == null ? List.of() : lists;
    }
}
