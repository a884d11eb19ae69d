package io.hashmatch.match;

import io.hashmatch.hash.HashKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The raw hits of one query during a {@link Matcher} call, bounded by {@link MatchLimits#hitsPerQuery()}.
 *
 * <p>Raw hits are buffered; whenever the buffer reaches twice the limit it is <i>compacted</i>: sorted by
 * {@link #ORDER}, reduced to one hit per (list, entry, kind) (the nearest: an entry may have several PDQ hashes), and
 * cut to the first {@code limit + 1}. A key cut away had {@code limit + 1} distinct keys before it, which only get
 * nearer, so it can re-enter only with a nearer hit: after the last compaction the buffer holds exactly the first
 * {@code limit + 1} distinct hits of the unlimited answer. Once something was cut, hits farther than the last kept
 * one are dropped without being buffered. The nearest suppression hit is tracked apart, since it decides the
 * query's suppression whether or not it is kept.
 *
 * <p>Not thread-safe: one instance per query of one call.
 */
final class QueryHits {
    /**
     * A raw hit before sorting and suppression: list position, entry, distance, kind; for a PDQ hit also the query's
     * search row ({@link Query#rowVariant}: 0 = its own hash) and the list's PDQ record that met (-1 for exact hits).
     */
    record Found(int list, int entry, int distance, HashKind kind, int row, int record) {}

    /**
     * The matcher's order: distance, then list, then entry, then kind; between hits on one entry at one distance
     * (an item hit by several variant pairs), the query's row, then the record: the whole image's hashes first. A
     * total order, so the hit kept per entry does not depend on the order the index found them in.
     */
    static final Comparator<Found> ORDER = Comparator.comparingInt(Found::distance)
            .thenComparingInt(Found::list)
            .thenComparingInt(Found::entry)
            .thenComparing(Found::kind)
            .thenComparingInt(Found::row)
            .thenComparingInt(Found::record);

    /** The counts of one call, shared by its queries. */
    static final class Budget {
        private final MatchLimits limits;
        private long examined;
        private long hits;

        Budget(MatchLimits limits) {
            this.limits = limits;
        }

        void examined() {
            if (++examined > limits.examinedPerCall()) {
                throw new MatchBudgetException(MatchBudgetException.Budget.EXAMINED, limits.examinedPerCall());
            }
        }

        void hits(int more) {
            hits += more;
            if (hits > limits.hitsPerCall()) {
                throw new MatchBudgetException(MatchBudgetException.Budget.HITS, limits.hitsPerCall());
            }
        }
    }

    private final Budget budget;
    private final int limit;
    private final int compactAt;
    private List<Found> buffer = new ArrayList<>(0);
    /** Whether a compaction cut a distinct hit: the query has more than {@code limit + 1} distinct hits. */
    private boolean overflow;
    /** Once {@link #overflow}: the distance of the last kept hit; farther hits cannot be among the first. */
    private int farthest = Integer.MAX_VALUE;
    /** Hits of this query already counted in the budget: the first {@code limit} distinct ones known so far. */
    private int counted;

    private @Nullable Found nearestSuppressing;

    QueryHits(Budget budget) {
        this.budget = budget;
        this.limit = budget.limits.hitsPerQuery();
        this.compactAt = limit > (Integer.MAX_VALUE - 2) / 2 ? Integer.MAX_VALUE : 2 * (limit + 1);
    }

    /** One raw exact hit; {@code suppressing} whether it is a suppression hit. */
    void add(int list, int entry, int distance, HashKind kind, boolean suppressing) {
        add(list, entry, distance, kind, 0, -1, suppressing);
    }

    /** One raw hit of search row {@code row} on PDQ record {@code record}; {@code suppressing} whether it is a suppression hit. */
    void add(int list, int entry, int distance, HashKind kind, int row, int record, boolean suppressing) {
        budget.examined();
        Found f = null;
        if (suppressing) {
            f = new Found(list, entry, distance, kind, row, record);
            if (nearestSuppressing == null || ORDER.compare(f, nearestSuppressing) < 0) {
                nearestSuppressing = f;
            }
        }
        if (distance > farthest) {
            return;
        }
        buffer.add(f != null ? f : new Found(list, entry, distance, kind, row, record));
        if (buffer.size() >= compactAt) {
            compact();
        }
    }

    /** Sorts, keeps the nearest hit per (list, entry, kind) and cuts to {@code limit + 1}. */
    private void compact() {
        buffer.sort(ORDER);
        List<Found> distinct = new ArrayList<>(Math.min(buffer.size(), compactAt));
        Set<Found> seen = new HashSet<>();
        for (Found f : buffer) {
            if (seen.add(new Found(f.list(), f.entry(), 0, f.kind(), 0, 0))) { // one hit per item and kind
                if (distinct.size() > limit) {
                    overflow = true;
                    break;
                }
                distinct.add(f);
            }
        }
        buffer = distinct;
        if (overflow) {
            farthest = distinct.get(distinct.size() - 1).distance();
        }
        int known = Math.min(limit, distinct.size());
        budget.hits(known - counted);
        counted = known;
    }

    /** Whether any raw hit was a suppression hit. */
    boolean anySuppressing() {
        return nearestSuppressing != null;
    }

    /**
     * The kept hits in {@link #ORDER}: the first {@code limit} distinct ones, then the nearest suppression hit if
     * there is one and none of those is. Counts them in the budget.
     *
     * @param isSuppressing tells suppression hits
     */
    Kept finish(Predicate<Found> isSuppressing) {
        compact();
        List<Found> kept = new ArrayList<>(buffer.subList(0, Math.min(limit, buffer.size())));
        Found s = nearestSuppressing;
        if (s != null && kept.stream().noneMatch(isSuppressing)) {
            kept.add(s);
            budget.hits(1);
        }
        return new Kept(kept, overflow || buffer.size() > kept.size());
    }

    /**
     * The outcome for one query.
     *
     * @param hits the kept hits, in order
     * @param truncated whether the query had hits that are not kept
     */
    record Kept(List<Found> hits, boolean truncated) {}
}
