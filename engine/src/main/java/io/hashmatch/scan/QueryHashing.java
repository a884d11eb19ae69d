package io.hashmatch.scan;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.VariantPolicy;

/**
 * How an image that is to be matched against lists (a <i>query</i>) is hashed: the one place that decides whether
 * it is hashed with its query-side variants ({@link VariantPolicy#QUERY}: the regions a re-sharer wraps around a
 * picture, trimmed borders, collage tiles, the photo inside a screenshot, and the rotations and mirrors) or with its
 * whole-image PDQ hash alone. {@code hashmatch scan}, the service's image routes and the web console all build their
 * image hasher here, so that they find the same hits on the same image; variants are on unless the caller turns them
 * off ({@code --no-variants}, {@code variants=false}).
 *
 * <p>Variants cost CPU (bounded by the policy's cap on variants per image, see {@code engine/VARIANTS.md}) and never
 * change the whole image's own hash.
 *
 * <p>Stateless; thread-safe.
 */
public final class QueryHashing {
    /** Whether query images are hashed with their variants when nobody says otherwise. */
    public static final boolean VARIANTS_BY_DEFAULT = true;

    private QueryHashing() {}

    /** {@link VariantPolicy#QUERY} with {@code variants}, else {@link VariantPolicy#NONE}. */
    public static VariantPolicy policy(boolean variants) {
        return variants ? VariantPolicy.QUERY : VariantPolicy.NONE;
    }

    /**
     * A builder of the image hasher of queries, with or without their variants; the caller adds its own limits and
     * {@code fast} setting.
     */
    public static FileHasher.Builder hasher(boolean variants) {
        return FileHasher.newBuilder().variants(policy(variants));
    }
}
