package io.hashmatch.match;

/**
 * Bounds on what one {@link Matcher#match(java.util.List, MatchLimits) match call} may return and examine, so that
 * a query at a wide distance against a list of near-duplicates answers a bounded list instead of every entry.
 *
 * <ul>
 *   <li>{@code hitsPerQuery}: a query's result keeps its first {@code hitsPerQuery} hits in the matcher's order
 *       (nearest first) and says {@link MatchResult#truncated()} when it had more. If the query has a suppression
 *       hit and none is among them, its nearest suppression hit is kept too (one more), so that
 *       {@link MatchResult#matched()} and {@link MatchResult#suppressed()} are those of the whole answer.</li>
 *   <li>{@code hitsPerCall}: the results of the call together hold at most this many hits; more:
 *       {@link MatchBudgetException}.</li>
 *   <li>{@code examinedPerCall}: the searches of the call report at most this many raw hits (entries within the
 *       distance, before truncation, counted per PDQ hash and digest that hit); more: {@link MatchBudgetException}.
 *       This bounds the work of wide searches that the truncation would throw away.</li>
 * </ul>
 *
 * <p>Whatever the limits, a kept hit is exactly the hit the unlimited call reports at that position. Memory per
 * query is O({@code hitsPerQuery}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param hitsPerQuery most hits kept per query, at least 1
 * @param hitsPerCall most hits in all results of one call, at least 1
 * @param examinedPerCall most raw hits the searches of one call may report, at least 1
 */
public record MatchLimits(int hitsPerQuery, long hitsPerCall, long examinedPerCall) {
    /** No limit: every hit of every query. */
    public static final MatchLimits NONE = new MatchLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

    /**
     * @throws IllegalArgumentException if a limit is below 1
     */
    public MatchLimits {
        if (hitsPerQuery < 1 || hitsPerCall < 1 || examinedPerCall < 1) {
            throw new IllegalArgumentException("match limits must be at least 1: hitsPerQuery=" + hitsPerQuery
                    + ", hitsPerCall=" + hitsPerCall + ", examinedPerCall=" + examinedPerCall);
        }
    }
}
