package io.hashmatch.hash;

import java.util.Arrays;

/**
 * PDQ hashes of many regions of one {@link LumaPlane}, each for the cost of a 64x64 sampling and a DCT: the plane
 * is blurred once per window size with PDQ's tent (two box-filter passes along each axis, window
 * {@code ceil(side / 128)} of the region's longer side; {@link JaroszDownsampler} takes each side's own), and each region's 64x64 input is
 * read from the blurred plane at the centres of its 64x64 cells by bilinear interpolation. A region may reach past
 * the plane: positions outside read the nearest edge pixel, which is how an {@link PdqVariant.Kind#UNCROP} frame is
 * filled. Positions and sizes are fractional, so regions are placed to a fraction of a plane pixel.
 *
 * <p>The hashes are within a few bits of hashing the region's pixels with {@link PdqHasher} (the reference samples
 * one pixel per cell and clips its blur at the region's edges); both sides of a variant-to-variant match come from
 * here, so they agree with each other.
 *
 * <p>Not thread-safe: owns buffers; use one instance per thread.
 */
final class RegionSampler {
    private static final int OUT = 64;

    private final PdqDct dct = new PdqDct();
    private final float[] luma64 = new float[OUT * OUT];
    private final float[] coefficients = new float[16 * 16];
    private final int[] col0 = new int[OUT];
    private final float[] colF = new float[OUT];
    private float[] source = new float[0];
    private float[] blurred = new float[0];
    private float[] scratch = new float[0];
    private int width;
    private int height;
    private int windowX = -1;
    private int windowY = -1;
    private int quality;

    /** Takes the pixels of {@code plane} (copied: the plane may be refilled afterwards). */
    void load(LumaPlane plane) {
        width = plane.width();
        height = plane.height();
        int n = width * height;
        if (source.length < n) {
            source = new float[n];
            blurred = new float[n];
            scratch = new float[n];
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                source[y * width + x] = plane.at(x, y);
            }
        }
        windowX = -1;
        windowY = -1;
    }

    /**
     * The PDQ hash and its 8 dihedral transforms of the region {@code [x, x + w) x [y, y + h)} of the loaded
     * plane, in plane pixels.
     */
    PdqResult hash(double x, double y, double w, double h) {
        int quality = sample(x, y, w, h);
        PdqHash[] variants = dct.dihedral(coefficients);
        return new PdqResult(variants[0], quality, Arrays.asList(variants));
    }

    /**
     * The PDQ hashes of the region {@code [x, x + w) x [y, y + h)} of the loaded plane in the given dihedral
     * transforms only (indices of {@link PdqResult#dihedral()}), for the cost of those; its quality is then {@link
     * #quality()}.
     */
    PdqHash[] hash(double x, double y, double w, double h, int... transforms) {
        quality = sample(x, y, w, h);
        PdqHash[] out = new PdqHash[transforms.length];
        for (int t = 0; t < transforms.length; t++) {
            out[t] = dct.transformed(coefficients, transforms[t]);
        }
        return out;
    }

    /** The PDQ quality of the region last hashed by {@link #hash(double, double, double, double, int...)}. */
    int quality() {
        return quality;
    }

    /** Samples the region's 64x64 luma, leaves its DCT in {@code coefficients} and returns its quality. */
    private int sample(double x, double y, double w, double h) {
        // one window for both axes, the longer side's: the extra blur along the shorter side brings a frame's
        // misplaced pixels nearer (uncrop recall on the benchmark's photographs 15 of 22 instead of 11)
        int window = JaroszDownsampler.windowSize((int) Math.round(Math.max(w, h)));
        if (window != windowX || window != windowY) {
            blur(window, window);
        }
        for (int j = 0; j < OUT; j++) {
            double sx = Math.clamp(x + (j + 0.5) * w / OUT - 0.5, 0, width - 1);
            col0[j] = Math.min((int) sx, Math.max(0, width - 2));
            colF[j] = (float) (sx - col0[j]);
        }
        int nextCol = width > 1 ? 1 : 0;
        int nextRow = height > 1 ? width : 0;
        for (int i = 0; i < OUT; i++) {
            double sy = Math.clamp(y + (i + 0.5) * h / OUT - 0.5, 0, height - 1);
            int r = Math.min((int) sy, Math.max(0, height - 2));
            float fy = (float) (sy - r);
            int row = r * width;
            for (int j = 0; j < OUT; j++) {
                int p = row + col0[j];
                float fx = colF[j];
                float top = blurred[p] + fx * (blurred[p + nextCol] - blurred[p]);
                float bottom = blurred[p + nextRow] + fx * (blurred[p + nextRow + nextCol] - blurred[p + nextRow]);
                luma64[i * OUT + j] = top + fy * (bottom - top);
            }
        }
        int q = PdqDct.quality(luma64);
        dct.dct(luma64, coefficients);
        return q;
    }

    /** {@code blurred} = the source with two box passes of window {@code wx} along rows, two of {@code wy} along columns. */
    private void blur(int wx, int wy) {
        box(source, scratch, wx, true);
        box(scratch, blurred, wx, true);
        box(blurred, scratch, wy, false);
        box(scratch, blurred, wy, false);
        windowX = wx;
        windowY = wy;
    }

    /** One box pass of {@code window} pixels (clipped at the plane's edges, mean of those inside). */
    private void box(float[] in, float[] out, int window, boolean alongRows) {
        int lo = window / 2;
        int hi = window - 1 - lo;
        int n = alongRows ? width : height;
        int lines = alongRows ? height : width;
        int step = alongRows ? 1 : width;
        for (int k = 0; k < lines; k++) {
            int base = alongRows ? k * width : k;
            float sum = 0;
            for (int i = 0; i <= Math.min(n - 1, hi); i++) {
                sum += in[base + i * step];
            }
            for (int o = 0; o < n; o++) {
                int first = Math.max(0, o - lo);
                int last = Math.min(n - 1, o + hi);
                out[base + o * step] = sum / (last - first + 1);
                if (o + hi + 1 < n) {
                    sum += in[base + (o + hi + 1) * step];
                }
                if (o - lo >= 0) {
                    sum -= in[base + (o - lo) * step];
                }
            }
        }
    }
}
