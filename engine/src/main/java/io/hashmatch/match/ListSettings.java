package io.hashmatch.match;

/**
 * How a {@link Matcher} uses one list.
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxDistance the largest PDQ Hamming distance (0..256) reported as a hit on this list; default
 *     {@value #DEFAULT_MAX_DISTANCE}, the threshold recommended with PDQ
 * @param suppression whether every hit on this list is a suppression hit (a list of known false positives):
 *     it cancels the other hits of the query instead of being a match (see {@link Matcher})
 */
public record ListSettings(int maxDistance, boolean suppression) {
    /** Default maximum PDQ distance. */
    public static final int DEFAULT_MAX_DISTANCE = 31;

    /** Distance {@value #DEFAULT_MAX_DISTANCE}, not a suppression list. */
    public static final ListSettings DEFAULTS = new ListSettings(DEFAULT_MAX_DISTANCE, false);

    /**
     * @throws IllegalArgumentException if {@code maxDistance} is outside 0..256
     */
    public ListSettings {
        if (maxDistance < 0 || maxDistance > 256) {
            throw new IllegalArgumentException("maxDistance must be 0..256, got " + maxDistance);
        }
    }

    /** These settings with {@code maxDistance}. */
    public ListSettings withMaxDistance(int maxDistance) {
        return new ListSettings(maxDistance, suppression);
    }

    /** These settings with {@code suppression}. */
    public ListSettings withSuppression(boolean suppression) {
        return new ListSettings(maxDistance, suppression);
    }
}
