package io.hashmatch.match;

/**
 * A match call went over its {@link MatchLimits}' {@code hitsPerCall} or {@code examinedPerCall}: it was stopped
 * as soon as the budget was exceeded, and returned nothing.
 *
 * <p>Immutable once thrown.
 */
public final class MatchBudgetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which budget was exceeded. */
    public enum Budget {
        /** {@link MatchLimits#hitsPerCall()}: the results would hold more hits. */
        HITS,
        /** {@link MatchLimits#examinedPerCall()}: the searches reported more raw hits. */
        EXAMINED
    }

    private final Budget budget;
    private final long limit;

    MatchBudgetException(Budget budget, long limit) {
        super(
                budget == Budget.HITS
                        ? "the answer would hold more than " + limit + " hits"
                        : "the searches found more than " + limit + " hits within the distance",
                null,
                false,
                false);
        this.budget = budget;
        this.limit = limit;
    }

    /** The budget exceeded. */
    public Budget budget() {
        return budget;
    }

    /** Its limit. */
    public long limit() {
        return limit;
    }
}
