package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.hash.PdqVariant;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Which variant of an image a PDQ hash was computed from: the <b>kind</b> of region ({@link #WHOLE} for the whole
 * image, else one of {@link #KINDS}), the <b>transform</b> applied to it (one of {@link #TRANSFORMS}, in the order
 * and meaning of the dihedral hashes) and the <b>rectangle</b> in pixels of the decoded image, before any transform
 * ({@code x, y, width, height}; all zero when not known, as for the whole image).
 *
 * <p>The names are those of {@code hashmatch hash --variants} records ({@code "kind"}, {@code "transform"},
 * {@code "rect"}). A list entry (an <i>item</i>) holds the PDQ hash of its whole image and of each of its variants;
 * a query holds its own; a hit names the query's variant and the entry's variant that met. The whole image in
 * its original orientation is {@link #WHOLE}: every PDQ hash of a list without variants is that.
 *
 * <p>Immutable; thread-safe.
 *
 * @param kind {@code whole}, or a region kind: {@code trim}, {@code tile}, {@code embedded}, {@code uncrop} (query
 *     side; the rectangle of {@code uncrop} is the frame the image was extended to, the image at {@code x, y} in
 *     it), {@code crop}, {@code grid} (list side), {@code dihedral} (a transform of the whole image), {@code unmark} (query side: the
 *     whole image with an overlay taken out), {@code opening} (both sides: the whole image's grey-level opening)
 * @param transform {@code original}, {@code rot90}, {@code rot180}, {@code rot270}, {@code flipx}, {@code flipy},
 *     {@code flipplus1} or {@code flipminus1}
 * @param x left edge of the rectangle, pixels
 * @param y top edge
 * @param width width, 0 when the rectangle is not known
 * @param height height, 0 when the rectangle is not known
 */
public record HashVariant(String kind, String transform, int x, int y, int width, int height) {
    /** Kind of the whole image (no region cut out). */
    public static final String WHOLE_KIND = "whole";

    /** The kinds, in the order of their codes in a snapshot (code = index): {@code whole} is 0. */
    public static final List<String> KINDS =
            List.of(WHOLE_KIND, "trim", "tile", "embedded", "crop", "grid", "dihedral", "uncrop", "unmark", "opening");

    /**
     * The transforms, in the order of their codes in a snapshot and of the dihedral hashes (original, rotate 90,
     * rotate 180, rotate 270, flip X, flip Y, flip +1, flip -1).
     */
    public static final List<String> TRANSFORMS =
            List.of("original", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1");

    /** The whole image in its original orientation, rectangle not stated. */
    public static final HashVariant WHOLE = new HashVariant(WHOLE_KIND, "original", 0, 0, 0, 0);

    /**
     * @throws IllegalArgumentException if the kind or transform is not one of the names, or the rectangle has a
     *     negative field
     */
    public HashVariant {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(transform, "transform");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException(
                    "unknown variant kind '" + kind + "' (" + String.join(", ", KINDS) + ")");
        }
        if (!TRANSFORMS.contains(transform)) {
            throw new IllegalArgumentException(
                    "unknown variant transform '" + transform + "' (" + String.join(", ", TRANSFORMS) + ")");
        }
        if (x < 0 || y < 0 || width < 0 || height < 0) {
            throw new IllegalArgumentException(
                    "variant rectangle [" + x + "," + y + "," + width + "," + height + "] has a negative field");
        }
    }

    /** The variant with code {@code kindCode} and {@code transformCode} (indexes into {@link #KINDS}, {@link #TRANSFORMS}). */
    public static HashVariant of(int kindCode, int transformCode, int x, int y, int width, int height) {
        if (kindCode < 0 || kindCode >= KINDS.size() || transformCode < 0 || transformCode >= TRANSFORMS.size()) {
            throw new IllegalArgumentException("variant codes " + kindCode + "/" + transformCode + " out of range");
        }
        return new HashVariant(KINDS.get(kindCode), TRANSFORMS.get(transformCode), x, y, width, height);
    }

    /** The name of a variant the engine derived ({@code FileHashes.variants()}): its kind, transform and rectangle. */
    public static HashVariant of(PdqVariant v) {
        PdqVariant.Rect r = v.rect();
        return new HashVariant(v.kind().label(), v.transform().label(), r.x(), r.y(), r.width(), r.height());
    }

    /** Code of the kind in a snapshot (index into {@link #KINDS}). */
    public int kindCode() {
        return KINDS.indexOf(kind);
    }

    /** Code of the transform in a snapshot (index into {@link #TRANSFORMS}). */
    public int transformCode() {
        return TRANSFORMS.indexOf(transform);
    }

    /** Whether this is the whole image in its original orientation (the plain PDQ hash of a file). */
    public boolean isOriginal() {
        return kind.equals(WHOLE_KIND) && transform.equals("original");
    }

    /** Whether the rectangle is stated ({@code width} and {@code height} above 0). */
    public boolean hasRect() {
        return width > 0 && height > 0;
    }

    /**
     * Writes {@code "kind"}, {@code "transform"} and, when stated, {@code "rect":[x,y,w,h]} into the JSON object
     * {@code g} is writing: the one shape every hashmatch output gives a variant.
     */
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeStringField("kind", kind);
        g.writeStringField("transform", transform);
        if (hasRect()) {
            g.writeArrayFieldStart("rect");
            g.writeNumber(x);
            g.writeNumber(y);
            g.writeNumber(width);
            g.writeNumber(height);
            g.writeEndArray();
        }
    }

    /** {@code kind/transform}, then {@code @[x,y,w,h]} when the rectangle is stated: {@code tile/rot90@[0,0,64,64]}. */
    @Override
    public String toString() {
        String s = kind + "/" + transform;
        return hasRect() ? s + "@[" + x + "," + y + "," + width + "," + height + "]" : s;
    }
}
