package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Computes PDQ hashes from decoded pixels, bit-exact with Meta's reference implementation
 * ({@code pdq/cpp} in facebook/ThreatExchange): float luma {@code 0.299 R + 0.587 G + 0.114 B} (grey images
 * use the grey value), Jarosz tent blur of two X,Y box-filter pass pairs with windows {@code ceil(W/128)}
 * and {@code ceil(H/128)}, decimation to 64x64, quality metric, 16x16 DCT, median threshold. Images
 * smaller than 5 pixels on a side hash to all zeros with quality 0. Alpha is ignored, never composited.
 *
 * <p>An image of exactly 64x64 is hashed from its luma without blurring in the plain path, as the
 * reference does; when dihedral variants are requested the reference always blurs, and so does this class
 * (for 64x64 images the two paths can differ by a few bits; the dihedral path's original is then
 * {@link PdqResult#hash()}).
 *
 * <p>Not thread-safe: an instance owns reusable buffers (which grow to the largest image seen and are
 * never shrunk); use one instance per thread. Per image it allocates only the result objects.
 */
public final class PdqHasher {
    private final PdqMode mode;
    private final JaroszDownsampler downsampler = new JaroszDownsampler();
    private final PdqDct dct = new PdqDct();
    private final float[] luma64 = new float[64 * 64];
    private final float[] coefficients = new float[16 * 16];

    /** A hasher for the given mode. */
    public PdqHasher(PdqMode mode) {
        this.mode = Objects.requireNonNull(mode);
    }

    /** The mode this hasher was made for. */
    public PdqMode mode() {
        return mode;
    }

    /**
     * Hashes the image; with {@code dihedral}, also the 8 dihedral variants.
     *
     * @param image decoded pixels; not retained
     * @param dihedral whether to compute {@link PdqResult#dihedral()}
     */
    public PdqResult hash(DecodedImage image, boolean dihedral) {
        return hash(image, 0, 0, image.width(), image.height(), dihedral);
    }

    /**
     * {@link #hash(DecodedImage, boolean)} of a sub-rectangle of the image, read in place: the result is that of
     * an image holding only those pixels.
     *
     * @throws IndexOutOfBoundsException if the rectangle is not inside the image
     */
    PdqResult hash(DecodedImage image, int x, int y, int width, int height, boolean dihedral) {
        return hash(image, x, y, width, height, dihedral, null);
    }

    /**
     * {@link #hash(DecodedImage, boolean)}, also filling {@code plane} from the luma rows it reads when it reads
     * them all as they are (see {@link JaroszDownsampler}); the plane is {@link LumaPlane#complete()} only then.
     */
    PdqResult hash(DecodedImage image, boolean dihedral, LumaPlane plane) {
        return hash(image, 0, 0, image.width(), image.height(), dihedral, plane);
    }

    private PdqResult hash(
            DecodedImage image, int x, int y, int width, int height, boolean dihedral, @Nullable LumaPlane plane) {
        boolean referenceResize = mode == PdqMode.REFERENCE_RESIZE;
        if (!downsampler.downsample(image, x, y, width, height, referenceResize, !dihedral, luma64, plane)) {
            return new PdqResult(PdqHash.ZERO, 0, dihedral ? zeros() : List.of());
        }
        int quality = PdqDct.quality(luma64);
        dct.dct(luma64, coefficients);
        if (!dihedral) {
            return new PdqResult(dct.toHash(coefficients), quality, List.of());
        }
        PdqHash[] variants = dct.dihedral(coefficients);
        return new PdqResult(variants[0], quality, Arrays.asList(variants));
    }

    private static List<PdqHash> zeros() {
        PdqHash[] z = new PdqHash[8];
        Arrays.fill(z, PdqHash.ZERO);
        return Arrays.asList(z);
    }
}
