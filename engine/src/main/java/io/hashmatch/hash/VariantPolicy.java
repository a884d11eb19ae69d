package io.hashmatch.hash;

import io.hashmatch.hash.PdqVariant.Kind;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which {@link PdqVariant}s {@link FileHasher} derives from each image, and how many at most.
 *
 * <ul>
 *   <li>{@link #NONE}: none (the default).</li>
 *   <li>{@link #QUERY}: for images matched against any PDQ list (one hash per item): the whole image's 7
 *       rotations and mirrors ({@link Kind#DIHEDRAL}), and the regions a re-sharer wraps around an original —
 *       {@link Kind#TRIM}, {@link Kind#TILE}, {@link Kind#EMBEDDED} — each with its 8 transforms; when none of
 *       these is found, or none that leaves a margin on two edges or more (a plain sky trimmed off, a caption
 *       band), the frames of {@link Kind#UNCROP} (an original a small crop was cut from), each as is and
 *       mirrored. Also, when a translucent overlay of one colour is found across the image, the image without it
 *       ({@link Kind#UNMARK}), as is and mirrored; and the image's grey-level opening ({@link Kind#OPENING}), which a
 *       light overlay's thin strokes do not reach.</li>
 *   <li>{@link #LIST}: for images a list is built from: the whole image's 7 rotations and mirrors, and regions
 *       that survive crops — {@link Kind#CROP} (at 7 scales from 95 % to 73 % of each side, each at positions across
 *       the image, so that a crop cut anywhere, placed back in a query's uncrop frame, lines up with one) and
 *       {@link Kind#GRID} — untransformed (the query side's
 *       transforms cover a mirrored copy); and the image's grey-level opening ({@link Kind#OPENING}), which a query's
 *       own opening meets when a light overlay was written across the image.</li>
 * </ul>
 *
 * <p>Variants of quality below {@link #minQuality()} are dropped (low-quality regions such as flat colour or
 * text hit each other by chance), then at most {@link #maxVariants()} are kept, in the deterministic order of
 * {@code engine/VARIANTS.md}. The whole image's own hash (original orientation) is never a variant.
 *
 * <p>Immutable; thread-safe.
 *
 * @param kinds the kinds derived; empty for none
 * @param regionTransforms whether each region (other than the whole image) is also hashed in its 7 other
 *     rotations and mirrors
 * @param maxVariants the most variants kept per image, at least 0
 * @param minQuality variants of lower PDQ quality are dropped, 0-100
 */
public record VariantPolicy(Set<Kind> kinds, boolean regionTransforms, int maxVariants, int minQuality) {
    /** Default cap on variants per image. */
    public static final int DEFAULT_MAX_VARIANTS = 64;
    /**
     * Cap of {@link #QUERY}: room for the 7 transforms of the whole image, a trimmed region and an embedded one with
     * their 8 transforms each, the 8 {@link Kind#UNMARK} hashes and the {@link Kind#OPENING}, and the 242 hashes of
     * the uncrop frames (121 frames, each as is and mirrored). (They come before the frames: the cap cuts frames
     * first.)
     */
    public static final int QUERY_MAX_VARIANTS = 274;
    /**
     * Cap of {@link #LIST}: room for its 291 crops, 9 grid cells, 7 transforms and the opening (a list is built once; each hash
     * is one more chance of a chance hit, so the list side is held to the matcher's variant distance).
     */
    public static final int LIST_MAX_VARIANTS = 320;
    /** Default minimum PDQ quality of a variant (the reference recommends ignoring hashes below 50). */
    public static final int DEFAULT_MIN_QUALITY = 50;

    /** No variants. */
    public static final VariantPolicy NONE = new VariantPolicy(Set.of(), false, 0, DEFAULT_MIN_QUALITY);

    /**
     * Query-side variants: trim, tiles, embedded rectangle, each with its transforms, else uncrop frames; the
     * whole image's transforms; the image without an overlay found on it, and its opening.
     */
    public static final VariantPolicy QUERY = new VariantPolicy(
            EnumSet.of(Kind.DIHEDRAL, Kind.TRIM, Kind.TILE, Kind.EMBEDDED, Kind.UNCROP, Kind.UNMARK, Kind.OPENING),
            true,
            QUERY_MAX_VARIANTS,
            DEFAULT_MIN_QUALITY);

    /**
     * List-side variants: crops at several scales and positions, an overlapping grid, the whole image's
     * transforms, and its opening.
     */
    public static final VariantPolicy LIST = new VariantPolicy(
            EnumSet.of(Kind.DIHEDRAL, Kind.CROP, Kind.GRID, Kind.OPENING),
            false,
            LIST_MAX_VARIANTS,
            DEFAULT_MIN_QUALITY);

    public VariantPolicy {
        EnumSet<Kind> copy = EnumSet.noneOf(Kind.class);
        copy.addAll(kinds);
        kinds = Collections.unmodifiableSet(copy); // iterates in Kind order
        if (maxVariants < 0) {
            throw new IllegalArgumentException("maxVariants must be at least 0: " + maxVariants);
        }
        if (minQuality < 0 || minQuality > 100) {
            throw new IllegalArgumentException("minQuality out of 0..100: " + minQuality);
        }
    }

    /** True when no variant is derived. */
    public boolean isNone() {
        return kinds.isEmpty() || maxVariants == 0;
    }

    /** This policy with another cap on variants per image. */
    public VariantPolicy withMaxVariants(int maxVariants) {
        return new VariantPolicy(kinds, regionTransforms, maxVariants, minQuality);
    }

    /** This policy with another minimum quality per variant. */
    public VariantPolicy withMinQuality(int minQuality) {
        return new VariantPolicy(kinds, regionTransforms, maxVariants, minQuality);
    }
}
