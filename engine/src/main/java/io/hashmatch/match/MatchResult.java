package io.hashmatch.match;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@link Query}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param query the query, as given
 * @param lowQuality whether the query's PDQ quality was below the matcher's floor: its PDQ hash was not
 *     searched (exact digests still were)
 * @param hits every hit, sorted by distance, then list (in the matcher's order), then entry, then kind; when
 *     {@code truncated}, the first ones only (and the nearest suppression hit, see {@link MatchLimits})
 * @param truncated whether hits were left out by {@link MatchLimits#hitsPerQuery()}
 */
public record MatchResult(Query query, boolean lowQuality, List<MatchHit> hits, boolean truncated) {
    /** Copies the hits. */
    public MatchResult {
        Objects.requireNonNull(query, "query");
        hits = List.copyOf(hits);
    }

    /** A complete result: every hit, nothing left out. */
    public MatchResult(Query query, boolean lowQuality, List<MatchHit> hits) {
        this(query, lowQuality, hits, false);
    }

    /** Whether any hit counts as a match ({@link MatchHit#isMatch()}). */
    public boolean matched() {
        for (MatchHit h : hits) {
            if (h.isMatch()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a suppression hit cancelled the query's other hits (or there were none to cancel). */
    public boolean suppressed() {
        for (MatchHit h : hits) {
            if (h.suppressing()) {
                return true;
            }
        }
        return false;
    }
}
