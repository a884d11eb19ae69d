package io.hashmatch.match;

import io.hashmatch.video.VideoComparison;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One hit of a query video on one video entry of one list: the reference matcher's comparison
 * ({@code match-hashes-brute} counts and percentages) reached the hit thresholds of the
 * {@link io.hashmatch.video.VideoMatcher} used.
 *
 * <p>Immutable; thread-safe.
 *
 * @param list the list's name ({@link io.hashmatch.list.HashListSnapshot#name()})
 * @param entry the entry number in that list's snapshot (key of its metadata) that carries the matched video
 * @param comparison query frames matched and compared frames matched, counts and percentages
 * @param category the entry's category in its list, or null
 * @param sourceList the list the entry came from (for an imported vPDQ file: its file name), or null
 * @param suppressing whether this is a suppression hit (suppression list or suppression entry): it cancels the
 *     query's other hits, image, exact and video alike
 * @param suppressed whether a suppression hit of the same query cancelled this hit
 */
public record VideoHit(
        String list,
        int entry,
        VideoComparison comparison,
        @Nullable String category,
        @Nullable String sourceList,
        boolean suppressing,
        boolean suppressed) {

    /** Checks for nulls. */
    public VideoHit {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(comparison, "comparison");
    }

    /** Whether this hit counts as a match: neither a suppression hit nor cancelled by one. */
    public boolean isMatch() {
        return !suppressing && !suppressed;
    }

    /** The same hit, cancelled by a suppression hit ({@code suppressed}) or not. */
    public VideoHit withSuppressed(boolean suppressed) {
        return new VideoHit(list, entry, comparison, category, sourceList, suppressing, suppressed);
    }
}
