package io.hashmatch.service.lists;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hashmatch.*} settings of the served lists ({@code application.yml}, environment variables such as
 * {@code HASHMATCH_LISTS}, or {@code hashmatch serve --list/--config}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param lists {@code [NAME=]FILE[:KIND]} entries ({@link ListSource#parse}); none: the demo list of
 *     {@code hashlists/demo/}
 * @param workDir where the service keeps its own copies of the served lists and the record of what admins put and
 *     deleted ({@link ServedListsManifest}), kept across restarts; null: a new temporary directory, deleted at
 *     shutdown (then nothing done through the API survives a restart)
 * @param watch whether replacing a list file on disk reloads it (default true)
 * @param minQuality PDQ queries of known quality below this are answered "low quality" (default 50)
 * @param allowMissingLists whether the service keeps running when a configured list fails to load at start
 *     (default false: {@code serve} exits with the reason); it then stays "not ready" until the file is fixed
 * @param settleTime how long a list file must stay unchanged (size and modification time) before it is copied and
 *     loaded (default 2 s)
 */
@ConfigurationProperties("hashmatch")
public record ListsConfiguration(
        @Nullable List<String> lists,
        @Nullable String workDir,
        @Bindable(defaultValue = "true") boolean watch,
        @Bindable(defaultValue = "50") int minQuality,
        @Bindable(defaultValue = "false") boolean allowMissingLists,
        @Bindable(defaultValue = "2s") Duration settleTime) {

    /** The configured list specs, never null. */
    public List<String> listSpecs() {
        return lists == null ? List.of() : lists;
    }
}
