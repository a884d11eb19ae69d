package io.hashmatch.service.http;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one request matched, for the audit log and metrics: counts only, never a queried hash or an image. The match
 * and hash routes leave it on the request as the attribute {@value #ATTRIBUTE}
 * ({@code request.getAttribute(MatchSummary.ATTRIBUTE, MatchSummary.class)}), so that a filter can read it once the
 * response is written.
 *
 * <p>Immutable; thread-safe.
 *
 * @param queries hashes or images looked up (a hash-only route: images hashed)
 * @param hits hits reported, over all queries
 * @param matched queries that matched (at least one hit that counts)
 * @param lists the lists searched, as {@code name@version#checksum}; empty for hash-only routes
 */
public record MatchSummary(int queries, int hits, int matched, List<String> lists) {
    /** The request attribute holding the summary. */
    public static final String ATTRIBUTE = "hashmatch.match-summary";

    /** Copies the list. */
    public MatchSummary {
        lists = List.copyOf(lists);
    }

    /** The summary of this match and {@code later} of the same request: counts added, lists of both, once each. */
    MatchSummary plus(MatchSummary later) {
        Set<String> both = new LinkedHashSet<>(lists);
        both.addAll(later.lists);
        return new MatchSummary(queries + later.queries, hits + later.hits, matched + later.matched, List.copyOf(both));
    }
}
