package io.hashmatch.hash;

import java.util.Arrays;

/**
 * PDQ hashes of many regions of one {@link LumaPlane}, each for the cost of a 64x64 sampling and a DCT: the plane
 * is blurred once per window size with PDQ's tent (two box-filter passes along each axis, window
 * {@code ceil(side / 128)} of the region's longer side; {@link JaroszDownsampler} takes each side's own), and each region's 64x64 input is
 * read from the blurred plane at the centres of its 64x64 cells by bilinear interpolation. A region may reach past
 * the plane, as an {@link PdqVariant.Kind#UNCROP} frame does: the plane is then loaded with a margin ({@link
 * #load(LumaPlane, int)}) filled with a guess of the picture beyond its edges ({@link MarginFill}), and the margin is
 * blurred with the plane, so a frame is hashed as PDQ would hash the picture so extended; positions past the margin
 * read its nearest pixel, which holds what a wider margin would once the margin reaches past the region by twice the blur
 * window. Positions and sizes are fractional, so regions are placed to a fraction of a plane pixel. The rows
 * interpolated at a region's 64 columns are kept for the next region of the same left edge and width.
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
    private final MarginFill marginFill = new MarginFill();
    private final float[] luma64 = new float[OUT * OUT];
    private final float[] coefficients = new float[16 * 16];
    private final int[] col0 = new int[OUT];
    private final float[] colF = new float[OUT];
    private float[] source = new float[0];
    private float[] blurred = new float[0];
    private float[] scratch = new float[0];
    /** The running sum of each column in a {@link #box} pass along columns. */
    private float[] columnSums = new float[0];

    /** Width and height of the loaded plane with its margin. */
    private int width;

    private int height;
    /** Margin around the loaded plane, plane pixels a side: region coordinates are shifted by it. */
    private int margin;

    private int windowX = -1;
    private int windowY = -1;
    private int quality;
    /** How many times {@code blurred} was computed: rows interpolated from an earlier one are stale. */
    private int blurs;
    /**
     * Rows of {@code blurred} interpolated at the 64 sample columns of the region of left edge {@code acrossX} and
     * width {@code acrossW} (64 floats a row); row r is valid when {@code acrossValid[r] == acrossStamp}.
     */
    private float[] acrossRows = new float[0];

    private int[] acrossValid = new int[0];
    private int acrossStamp;
    private double acrossX = Double.NaN;
    private double acrossW = Double.NaN;
    private int acrossBlur = -1;

    /** Takes the pixels of {@code plane} (copied: the plane may be refilled afterwards), without a margin. */
    void load(LumaPlane plane) {
        load(plane, 0);
    }

    /**
     * Takes the pixels of {@code plane} (copied) with a margin of {@code margin} pixels on each side filled by {@link
     * MarginFill}; region coordinates stay those of the plane. A region reaching past the plane is hashed as the
     * picture extended by that fill when {@code margin} covers its reach plus twice the blur window of the region
     * ({@link JaroszDownsampler#windowSize} of its longer side).
     *
     * @throws IllegalArgumentException if {@code margin} is negative
     */
    void load(LumaPlane plane, int margin) {
        if (margin < 0) {
            throw new IllegalArgumentException("margin must be at least 0: " + margin);
        }
        int pw = plane.width();
        int ph = plane.height();
        this.margin = margin;
        width = pw + 2 * margin;
        height = ph + 2 * margin;
        int n = width * height;
        if (source.length < n) {
            source = new float[n];
            blurred = new float[n];
            scratch = new float[n];
        }
        if (acrossValid.length < height) {
            acrossValid = new int[height];
            acrossRows = new float[height * OUT];
        }
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                source[(y + margin) * width + x + margin] = plane.at(x, y);
            }
        }
        if (margin > 0) {
            marginFill.fill(source, pw, ph, margin);
        }
        windowX = -1;
        windowY = -1;
        blurs++;
    }

    /**
     * The PDQ hash and its 8 dihedral transforms of the region {@code [x, x + w) x [y, y + h)} of the loaded
     * plane, in plane pixels.
     */
    PdqResult hash(double x, double y, double w, double h) {
        int quality = sample(x + margin, y + margin, w, h);
        PdqHash[] variants = dct.dihedral(coefficients);
        return new PdqResult(variants[0], quality, Arrays.asList(variants));
    }

    /**
     * The PDQ hashes of the region {@code [x, x + w) x [y, y + h)} of the loaded plane in the given dihedral
     * transforms only (indices of {@link PdqResult#dihedral()}), for the cost of those; its quality is then {@link
     * #quality()}.
     */
    PdqHash[] hash(double x, double y, double w, double h, int... transforms) {
        quality = sample(x + margin, y + margin, w, h);
        return hash(coefficients, transforms);
    }

    /**
     * Samples the region {@code [x, x + w) x [y, y + h)} of the loaded plane and copies its 16x16 DCT coefficients
     * (as {@link PdqDct#dct} leaves them) into {@code into}; its quality is then {@link #quality()}. {@link
     * #hash(float[], int...)} of them is {@link #hash(double, double, double, double, int...)} of the region.
     */
    void coefficients(double x, double y, double w, double h, float[] into) {
        quality = sample(x + margin, y + margin, w, h);
        System.arraycopy(coefficients, 0, into, 0, coefficients.length);
    }

    /** The PDQ hashes of 16x16 DCT coefficients {@code b} in the given dihedral transforms. */
    PdqHash[] hash(float[] b, int... transforms) {
        PdqHash[] out = new PdqHash[transforms.length];
        for (int t = 0; t < transforms.length; t++) {
            out[t] = dct.transformed(b, transforms[t]);
        }
        return out;
    }

    /** The PDQ quality of the region last hashed by {@link #hash(double, double, double, double, int...)}. */
    int quality() {
        return quality;
    }

    /**
     * Samples the region's 64x64 luma (coordinates of the plane with its margin), leaves its DCT in {@code
     * coefficients} and returns its quality.
     */
    private int sample(double x, double y, double w, double h) {
        // one window for both axes, the longer side's: the extra blur along the shorter side brings a frame's
        // misplaced pixels nearer (uncrop recall on the benchmark's photographs 15 of 22 instead of 11)
        int window = JaroszDownsampler.windowSize((int) Math.round(Math.max(w, h)));
        if (window != windowX || window != windowY) {
            blur(window, window);
        }
        if (x != acrossX || w != acrossW || acrossBlur != blurs) {
            for (int j = 0; j < OUT; j++) {
                double sx = Math.clamp(x + (j + 0.5) * w / OUT - 0.5, 0, width - 1);
                col0[j] = Math.min((int) sx, Math.max(0, width - 2));
                colF[j] = (float) (sx - col0[j]);
            }
            acrossX = x;
            acrossW = w;
            acrossBlur = blurs;
            if (++acrossStamp == Integer.MAX_VALUE) {
                Arrays.fill(acrossValid, 0);
                acrossStamp = 1;
            }
        }
        for (int i = 0; i < OUT; i++) {
            double sy = Math.clamp(y + (i + 0.5) * h / OUT - 0.5, 0, height - 1);
            int r = Math.min((int) sy, Math.max(0, height - 2));
            float fy = (float) (sy - r);
            int top = across(r);
            int bottom = across(height > 1 ? r + 1 : r);
            for (int j = 0; j < OUT; j++) {
                float t = acrossRows[top + j];
                luma64[i * OUT + j] = t + fy * (acrossRows[bottom + j] - t);
            }
        }
        int q = PdqDct.quality(luma64);
        dct.dct(luma64, coefficients);
        return q;
    }

    /**
     * Where in {@link #acrossRows} plane row {@code r} of {@code blurred}, interpolated along the row at the current
     * columns, starts; computed once per row for those columns: regions that share a left edge and a width (frames
     * in one column of anchors) share these.
     */
    private int across(int r) {
        int at = r * OUT;
        if (acrossValid[r] != acrossStamp) {
            int row = r * width;
            int nextCol = width > 1 ? 1 : 0;
            for (int j = 0; j < OUT; j++) {
                int p = row + col0[j];
                acrossRows[at + j] = blurred[p] + colF[j] * (blurred[p + nextCol] - blurred[p]);
            }
            acrossValid[r] = acrossStamp;
        }
        return at;
    }

    /** {@code blurred} = the source with two box passes of window {@code wx} along rows, two of {@code wy} along columns. */
    private void blur(int wx, int wy) {
        box(source, scratch, wx, true);
        box(scratch, blurred, wx, true);
        box(blurred, scratch, wy, false);
        box(scratch, blurred, wy, false);
        blurs++;
        windowX = wx;
        windowY = wy;
    }

    /**
     * One box pass of {@code window} pixels (clipped at the plane's edges, mean of those inside), each line a running
     * sum: along a row, one row after the other; along columns, all columns step together down the rows (each
     * column's additions and subtractions in the same order, the inner loops over contiguous floats).
     */
    private void box(float[] in, float[] out, int window, boolean alongRows) {
        int lo = window / 2;
        int hi = window - 1 - lo;
        if (alongRows) {
            for (int base = 0; base < width * height; base += width) {
                float sum = 0;
                for (int i = 0; i <= Math.min(width - 1, hi); i++) {
                    sum += in[base + i];
                }
                for (int o = 0; o < width; o++) {
                    int first = Math.max(0, o - lo);
                    int last = Math.min(width - 1, o + hi);
                    out[base + o] = sum / (last - first + 1);
                    if (o + hi + 1 < width) {
                        sum += in[base + o + hi + 1];
                    }
                    if (o - lo >= 0) {
                        sum -= in[base + o - lo];
                    }
                }
            }
            return;
        }
        if (columnSums.length < width) {
            columnSums = new float[width];
        }
        float[] sums = columnSums;
        Arrays.fill(sums, 0, width, 0f);
        for (int i = 0; i <= Math.min(height - 1, hi); i++) {
            for (int x = 0, at = i * width; x < width; x++) {
                sums[x] += in[at + x];
            }
        }
        for (int o = 0; o < height; o++) {
            int first = Math.max(0, o - lo);
            int last = Math.min(height - 1, o + hi);
            float count = last - first + 1;
            for (int x = 0, at = o * width; x < width; x++) {
                out[at + x] = sums[x] / count;
            }
            if (o + hi + 1 < height) {
                for (int x = 0, at = (o + hi + 1) * width; x < width; x++) {
                    sums[x] += in[at + x];
                }
            }
            if (o - lo >= 0) {
                for (int x = 0, at = (o - lo) * width; x < width; x++) {
                    sums[x] -= in[at + x];
                }
            }
        }
    }
}
