package io.hashmatch.service.lists;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code hashmatch.follow.*} settings: published lists every replica of a fleet follows
 * ({@code hashmatch serve --follow}, environment {@code HASHMATCH_FOLLOW_SOURCES}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param sources where the manifests of the published lists are ({@link ListSource.Followed#parse}): an
 *     {@code http://} or {@code https://} URL, or the path of a {@code <list>.manifest.json} file on shared storage
 * @param interval how often each manifest is polled (default 15 s, so that every replica serves a new publication
 *     within half a minute of it, plus the download)
 */
@ConfigurationProperties("hashmatch.follow")
public record FollowConfiguration(
        @Nullable List<String> sources,
        @Bindable(defaultValue = "15s") Duration interval) {
    /** Nothing followed. */
    static final FollowConfiguration NONE = new FollowConfiguration(List.of(), Duration.ofSeconds(15));

    /** The configured sources, never null. */
    public List<String> sourceSpecs() {
        return sources == null ? List.of() : sources;
    }
}
