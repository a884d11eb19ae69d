package io.hashmatch.match;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.format.HashVariant;

/**
 * How a {@link Matcher} uses one list.
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxDistance the largest PDQ Hamming distance (0..256) reported as a hit on this list; default
 *     {@value #DEFAULT_MAX_DISTANCE}, the threshold recommended with PDQ
 * @param suppression whether every hit on this list is a suppression hit (a list of known false positives):
 *     it cancels the other hits of the query instead of being a match (see {@link Matcher})
 * @param variantDistance the largest distance (0..256) of a hit between two <i>variants</i>: a query hash and an
 *     entry hash neither of which is the whole image in its original orientation (a tile against a grid cell, a
 *     trimmed region against a crop, a rotation against a rotation). Such pairs are many per query and item, and
 *     regions of little content (flat colour, text) resemble each other, so chance hits need a tighter bound than
 *     {@code maxDistance}; a hit is reported at most at {@code min(maxDistance, variantDistance)} then. Default
 *     {@value #DEFAULT_VARIANT_DISTANCE}.
 */
public record ListSettings(int maxDistance, boolean suppression, int variantDistance) {
    /** Default maximum PDQ distance. */
    public static final int DEFAULT_MAX_DISTANCE = 31;

    /** Default maximum distance of a variant-to-variant hit (see {@link #variantDistance()}). */
    public static final int DEFAULT_VARIANT_DISTANCE = 24;

    /** Distance {@value #DEFAULT_MAX_DISTANCE}, not a suppression list, variant distance {@value #DEFAULT_VARIANT_DISTANCE}. */
    public static final ListSettings DEFAULTS = new ListSettings(DEFAULT_MAX_DISTANCE, false);

    /**
     * @throws IllegalArgumentException if {@code maxDistance} or {@code variantDistance} is outside 0..256
     */
    public ListSettings {
        PdqHash.checkDistance("maxDistance", maxDistance);
        PdqHash.checkDistance("variantDistance", variantDistance);
    }

    /** These settings with the default variant distance {@value #DEFAULT_VARIANT_DISTANCE}. */
    public ListSettings(int maxDistance, boolean suppression) {
        this(maxDistance, suppression, DEFAULT_VARIANT_DISTANCE);
    }

    /** These settings with {@code maxDistance}. */
    public ListSettings withMaxDistance(int maxDistance) {
        return new ListSettings(maxDistance, suppression, variantDistance);
    }

    /** These settings with {@code suppression}. */
    public ListSettings withSuppression(boolean suppression) {
        return new ListSettings(maxDistance, suppression, variantDistance);
    }

    /** These settings with {@code variantDistance}. */
    public ListSettings withVariantDistance(int variantDistance) {
        return new ListSettings(maxDistance, suppression, variantDistance);
    }

    /** The largest distance reported for a hit of {@code queryVariant} on {@code entryVariant}. */
    int maxDistance(HashVariant queryVariant, HashVariant entryVariant) {
        return queryVariant.isOriginal() || entryVariant.isOriginal()
                ? maxDistance
                : Math.min(maxDistance, variantDistance);
    }
}
