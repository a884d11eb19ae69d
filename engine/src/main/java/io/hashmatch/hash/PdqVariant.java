package io.hashmatch.hash;

import java.util.Locale;
import java.util.Objects;

/**
 * One PDQ hash derived from a region of an image, or from a rotation or mirror of it: what a re-sharer's
 * border, frame, collage, screenshot or crop is undone by, so that an edited copy can still match.
 *
 * <p>The region is in pixels of the decoded image, before any transform (for {@link Kind#UNCROP}, the frame the
 * image is extended to, see there); the transform is applied to the
 * region's hash (from the same DCT, as {@link PdqResult#dihedral()} does). Quality is that of the region, shared
 * by its 8 transforms. See {@link VariantPolicy} for which variants are derived and {@code engine/VARIANTS.md}
 * for how.
 *
 * <p>Immutable; thread-safe.
 *
 * @param kind why the region was chosen
 * @param transform the rotation or mirror applied to the region's hash
 * @param rect the region, in pixels of the decoded image ({@link Kind#UNCROP}: the frame around the image)
 * @param pdq the region's PDQ hash after {@code transform}
 * @param quality the region's PDQ quality, 0-100
 */
public record PdqVariant(Kind kind, Transform transform, Rect rect, PdqHash pdq, int quality) {
    public PdqVariant {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(transform);
        Objects.requireNonNull(rect);
        Objects.requireNonNull(pdq);
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality out of 0..100: " + quality);
        }
    }

    /** Why a region was hashed. The {@link #label() labels} are the output format's names. */
    public enum Kind {
        /** Query side: the content left after trimming uniform borders, bars and text bands. */
        TRIM,
        /** Query side: one tile of a grid or collage split along its gutters or straight edges. */
        TILE,
        /** Query side: the largest photo-like rectangle inside a screenshot. */
        EMBEDDED,
        /** List side: a crop of the whole image, at one of several scales and positions. */
        CROP,
        /** List side: one cell of an overlapping grid of sub-regions. */
        GRID,
        /** A rotation or mirror of the whole image (the region is the whole image). */
        DIHEDRAL,
        /**
         * Query side: the whole image extended, by repeating its edge pixels, to the frame of an original it may
         * have been cropped from. Its {@link Rect} is that frame: {@code width x height}, with the image's top-left
         * pixel at {@code (x, y)} inside it.
         */
        UNCROP,
        /**
         * Query side: the whole image with a translucent overlay of one colour (a channel's name written across it)
         * found and taken out, the blend inverted inside the overlay's strokes.
         */
        UNMARK,
        /**
         * Both sides: the whole image's grey-level opening, in which strokes narrower than the opening's square (a
         * light overlay's text, drawn at any opacity over any picture) are gone; a watermarked copy's opening is near
         * its original's, found or not.
         */
        OPENING;

        /** Lower-case name as written in records: {@code trim}, {@code tile}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind with this {@link #label()}.
         *
         * @throws IllegalArgumentException if no kind has this label
         */
        public static Kind fromLabel(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown variant kind: " + label);
        }
    }

    /**
     * The 8 rotations and mirrors, in the order (and with the meaning) of {@link PdqResult#dihedral()}:
     * {@link #ordinal()} is the index in that list.
     */
    public enum Transform {
        ORIGINAL,
        ROT90,
        ROT180,
        ROT270,
        FLIPX,
        FLIPY,
        FLIPPLUS1,
        FLIPMINUS1;

        /** Lower-case name as written in records: {@code original}, {@code rot90}, ... {@code flipminus1}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The transform with this {@link #label()}.
         *
         * @throws IllegalArgumentException if no transform has this label
         */
        public static Transform fromLabel(String label) {
            for (Transform t : values()) {
                if (t.label().equals(label)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown variant transform: " + label);
        }
    }

    /**
     * A rectangle in pixels: columns {@code x .. x + width - 1}, rows {@code y .. y + height - 1}.
     *
     * <p>Immutable; thread-safe.
     */
    public record Rect(int x, int y, int width, int height) {
        public Rect {
            if (x < 0 || y < 0 || width < 1 || height < 1) {
                throw new IllegalArgumentException("bad rectangle [" + x + "," + y + "," + width + "," + height + "]");
            }
        }

        /** Number of pixels. */
        long area() {
            return (long) width * height;
        }

        @Override
        public String toString() {
            return "[" + x + "," + y + "," + width + "," + height + "]";
        }
    }
}
