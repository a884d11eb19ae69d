package io.hashmatch.service.lists;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * When a list that changes live is compacted ({@code hashmatch.compaction.*}): once its delta holds
 * {@code afterChanges} changes (additions and removals), or {@code ratio} times its snapshot's entries and at least
 * {@code minChanges}, a background thread folds it into a new snapshot version ({@link ListRegistry}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param afterChanges changes that always trigger a compaction (default 100 000: a lookup over a snapshot and a
 *     delta of that size costs little more than over the snapshot alone, see {@code bench/RESULTS.md})
 * @param ratio changes relative to the snapshot's entries that trigger one (default 0.5); 0: never by ratio
 * @param minChanges the least changes for the ratio to count (default 1000), so a small bank is not rewritten on
 *     every few changes
 */
@ConfigurationProperties("hashmatch.compaction")
public record CompactionConfiguration(
        @Bindable(defaultValue = "100000") int afterChanges,
        @Bindable(defaultValue = "0.5") double ratio,
        @Bindable(defaultValue = "1000") int minChanges) {
    /** The defaults. */
    public static final CompactionConfiguration DEFAULTS = new CompactionConfiguration(100_000, 0.5, 1000);

    /**
     * @throws IllegalArgumentException if a value is negative or {@code afterChanges} is 0
     */
    public CompactionConfiguration {
        if (afterChanges < 1 || ratio < 0 || minChanges < 0) {
            throw new IllegalArgumentException("hashmatch.compaction: after-changes must be positive, ratio and"
                    + " min-changes not negative (got " + afterChanges + ", " + ratio + ", " + minChanges + ")");
        }
    }

    /** Whether a delta of {@code changes} over a snapshot of {@code baseEntries} entries is due for compaction. */
    boolean due(long changes, int baseEntries) {
        return changes >= afterChanges || (ratio > 0 && changes >= minChanges && changes >= ratio * baseEntries);
    }
}
