package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * PDQ's luma, Jarosz tent blur and 64x64 decimation, bit-exact with Meta's reference, computed in one
 * streaming sweep over the image rows.
 *
 * <p>The reference converts the whole image to a float luma matrix, runs four full 1-D box-filter passes
 * over it (along rows, along columns, along rows, along columns), then samples 64x64 points. Only those
 * 4096 points matter, and every box pass is a float running sum whose rounding is part of the exact result,
 * so the order of additions, subtractions and divisions per line must stay the reference's. This class keeps
 * that order but computes only what the 64x64 samples depend on:
 * <ul>
 *   <li>pass 1 (rows) and pass 2 (columns) stream: a ring of {@code wy + 4} pass-1 rows feeds per-column
 *       running sums, so memory is O(W * wy), not O(W * H), and stays in cache;</li>
 *   <li>the row passes run four rows at a time, each with its own running sum in its own order, so their
 *       dependency chains overlap;</li>
 *   <li>pass 3 (rows) runs its running sum along each pass-2 row but divides only at the 64 sampled
 *       columns;</li>
 *   <li>pass 4 (columns) runs only over those 64 columns and divides only at the 64 sampled rows.</li>
 * </ul>
 *
 * <p><b>Running sum with zero padding.</b> The reference's box filter has four phases (accumulate, grow,
 * slide, shrink). Writing it as one uniform step {@code sum = (sum + in[o + h - 1]) - in[o - (w - h) - 1]}
 * with zeros outside the line gives the same floats, because {@code x + 0f == x} and {@code x - 0f == x}
 * exactly (sums of non-negative luma are never -0). The divisor is the number of samples actually inside
 * the clipped window, precomputed per position in {@code counts}.
 *
 * <p>Not thread-safe: owns reusable buffers that grow to the largest image seen.
 */
final class JaroszDownsampler {
    /** Output side: PDQ works on a 64x64 luma image. */
    static final int OUT = 64;
    /** The C++ tool's pre-resize target, see {@link PdqMode#REFERENCE_RESIZE}. */
    static final int REFERENCE_SIDE = 512;

    static final float LUMA_R = 0.299f;
    static final float LUMA_G = 0.587f;
    static final float LUMA_B = 0.114f;

    // Row buffers, padded on both sides by the window size so the running sum needs no bounds branches.
    /** Rows whose independent running sums are interleaved in one loop (see {@link #boxAlongRows4}). */
    private static final int ROWS_AT_ONCE = 4;

    private byte[] rowBytes = new byte[0];
    private final float[][] lumaRows = new float[ROWS_AT_ONCE][0];
    private final float[][] y1Rows = new float[ROWS_AT_ONCE][0];
    private float[] ring = new float[0]; // ringRows pass-1 rows of width W, row r in slot r % ringRows
    private int ringRows;
    private int producedRows;
    private float[] colSums = new float[0];
    private float[] zeroRow = new float[0];
    private float[] x2Cols = new float[0]; // H rows x 64 sampled columns of pass 3
    private float[] countsX = new float[0];
    private float[] countsY = new float[0];
    private int[] srcCols = new int[0]; // source column per (resized) column
    private final int[] sampleRows = new int[OUT];
    private final int[] sampleCols = new int[OUT];
    private final float[] laneSums = new float[OUT];
    /** The plane filled from this downsampling's luma rows, if any. */
    private @Nullable LumaPlane rows;
    // The sub-rectangle of the image being downsampled (the whole image unless a region was asked for).
    private int regionX;
    private int regionY;
    private int regionWidth;

    /**
     * Fills {@code out64x64} (row-major) with the blurred, decimated luma of {@code image}, or, for an
     * exactly 64x64 image when {@code allowDirect64} is set, with its luma as is (the reference's shortcut in
     * its non-dihedral path). With {@code referenceResize}, images over 512 px on a side are first
     * resampled to 512x512 by nearest neighbour.
     *
     * @return false when the (resized) image is smaller than 5 pixels on a side: nothing is computed
     */
    boolean downsample(DecodedImage image, boolean referenceResize, boolean allowDirect64, float[] out64x64) {
        return downsample(image, 0, 0, image.width(), image.height(), referenceResize, allowDirect64, out64x64);
    }

    /**
     * {@link #downsample(DecodedImage, boolean, boolean, float[])} of the sub-rectangle at ({@code left}, {@code top})
     * of {@code width} x {@code height} pixels, read in place (the image is not copied): the result is that of
     * an image holding only those pixels.
     *
     * @throws IndexOutOfBoundsException if the rectangle is not inside the image
     */
    boolean downsample(
            DecodedImage image,
            int left,
            int top,
            int width,
            int height,
            boolean referenceResize,
            boolean allowDirect64,
            float[] out64x64) {
        return downsample(image, left, top, width, height, referenceResize, allowDirect64, out64x64, null);
    }

    /**
     * {@link #downsample(DecodedImage, int, int, int, int, boolean, boolean, float[])}, also filling {@code plane}
     * from the luma rows when they are the whole image's, unresized, blurred ({@link LumaPlane#startRows}); the
     * plane is {@link LumaPlane#complete()} only then.
     */
    boolean downsample(
            DecodedImage image,
            int left,
            int top,
            int width,
            int height,
            boolean referenceResize,
            boolean allowDirect64,
            float[] out64x64,
            @Nullable LumaPlane plane) {
        java.util.Objects.checkFromIndexSize(left, width, image.width());
        java.util.Objects.checkFromIndexSize(top, height, image.height());
        regionX = left;
        regionY = top;
        regionWidth = width;
        int srcW = width;
        int srcH = height;
        boolean resize = referenceResize && (srcW > REFERENCE_SIDE || srcH > REFERENCE_SIDE);
        int w = resize ? REFERENCE_SIDE : srcW;
        int h = resize ? REFERENCE_SIDE : srcH;
        if (w < 5 || h < 5) {
            return false;
        }
        prepareColumns(srcW, w, image.channels());
        if (allowDirect64 && w == OUT && h == OUT) {
            for (int y = 0; y < OUT; y++) {
                lumaRow(image, sourceRow(y, srcH, h), w, out64x64, y * OUT);
            }
            return true;
        }
        boolean whole = left == 0 && top == 0 && width == image.width() && height == image.height();
        rows = plane != null && whole && !resize ? plane : null;
        if (rows != null) {
            rows.startRows(image);
        }
        try {
            blurAndDecimate(image, srcH, w, h, out64x64);
        } finally {
            rows = null;
        }
        return true;
    }

    private void blurAndDecimate(DecodedImage image, int srcH, int width, int height, float[] out) {
        int wx = windowSize(width);
        int wy = windowSize(height);
        int hx = (wx + 2) / 2;
        int hy = (wy + 2) / 2;
        int padX = wx + 1;
        ensureBuffers(width, height, wy, padX);
        fillCounts(countsX, width, wx, hx);
        fillCounts(countsY, height, wy, hy);
        for (int i = 0; i < OUT; i++) {
            // Decimation centres, computed in double and truncated as in the reference.
            sampleRows[i] = (int) (((i + 0.5) * height) / OUT);
            sampleCols[i] = (int) (((i + 0.5) * width) / OUT);
        }

        java.util.Arrays.fill(colSums, 0, width, 0f);
        ringRows = wy + ROWS_AT_ONCE;
        producedRows = 0;
        int pendingY1 = 0; // pass-2 rows waiting in y1Rows for pass 3
        int firstPending = 0;
        // Pass 2 (columns) as a uniform running sum over output rows o = -(hy-1) .. height-1; rows outside the
        // image are zeros. Each step first adds row o+hy-1, then subtracts row o-(wy-hy)-1.
        for (int o = -(hy - 1); o < height; o++) {
            int addRow = o + hy - 1;
            int subRow = o - (wy - hy) - 1;
            float[] addSrc;
            int addOff;
            if (addRow < height) {
                produceRowsThrough(image, srcH, width, height, wx, hx, padX, addRow);
                addSrc = ring;
                addOff = (addRow % ringRows) * width;
            } else {
                addSrc = zeroRow;
                addOff = 0;
            }
            float[] subSrc;
            int subOff;
            if (subRow >= 0) {
                subSrc = ring;
                subOff = (subRow % ringRows) * width;
            } else {
                subSrc = zeroRow;
                subOff = 0;
            }
            if (o < 0) {
                for (int x = 0; x < width; x++) {
                    colSums[x] = (colSums[x] + addSrc[addOff + x]) - subSrc[subOff + x];
                }
                continue;
            }
            float count = countsY[o];
            float[] y1 = y1Rows[pendingY1];
            // Plain indexed loop over flat arrays: C2 vectorises it across columns.
            for (int x = 0; x < width; x++) {
                float s = (colSums[x] + addSrc[addOff + x]) - subSrc[subOff + x];
                colSums[x] = s;
                y1[padX + x] = s / count;
            }
            if (pendingY1 == 0) {
                firstPending = o;
            }
            if (++pendingY1 == ROWS_AT_ONCE) {
                sampleAlongRows4(padX, wx, hx, x2Cols, firstPending * OUT);
                pendingY1 = 0;
            }
        }
        for (int k = 0; k < pendingY1; k++) {
            sampleAlongRow(y1Rows[k], padX, wx, hx, x2Cols, (firstPending + k) * OUT);
        }
        // Pass 4 (columns) over the 64 sampled columns, divided only at the sampled rows.
        java.util.Arrays.fill(laneSums, 0f);
        int next = 0;
        int lastRow = sampleRows[OUT - 1];
        for (int o = -(hy - 1); o <= lastRow; o++) {
            int addRow = o + hy - 1;
            int subRow = o - (wy - hy) - 1;
            boolean add = addRow < height;
            boolean sub = subRow >= 0;
            for (int j = 0; j < OUT; j++) {
                float s = laneSums[j];
                s += add ? x2Cols[addRow * OUT + j] : 0f;
                s -= sub ? x2Cols[subRow * OUT + j] : 0f;
                laneSums[j] = s;
            }
            while (next < OUT && sampleRows[next] == o) {
                float count = countsY[o];
                for (int j = 0; j < OUT; j++) {
                    out[next * OUT + j] = laneSums[j] / count;
                }
                next++;
            }
        }
    }

    /**
     * Pass 1 (rows) for every row up to {@code row}, four rows at a time where possible, into their ring
     * slots. The ring holds wy + 4 rows: pass 2 needs rows o-(wy-hy)-1 .. o+hy-1, and this may run up to three
     * rows ahead.
     */
    private void produceRowsThrough(
            DecodedImage image, int srcH, int width, int height, int wx, int hx, int padX, int row) {
        while (producedRows <= row) {
            int r = producedRows;
            if (r + ROWS_AT_ONCE <= height) {
                for (int k = 0; k < ROWS_AT_ONCE; k++) {
                    lumaRow(image, sourceRow(r + k, srcH, height), width, lumaRows[k], padX);
                    if (rows != null) {
                        rows.addLumaRow(lumaRows[k], padX, r + k);
                    }
                }
                boxAlongRows4(padX, width, wx, hx, r);
                producedRows += ROWS_AT_ONCE;
            } else {
                lumaRow(image, sourceRow(r, srcH, height), width, lumaRows[0], padX);
                if (rows != null) {
                    rows.addLumaRow(lumaRows[0], padX, r);
                }
                boxAlongRow(lumaRows[0], padX, width, wx, hx, countsX, ring, (r % ringRows) * width);
                producedRows++;
            }
        }
    }

    /**
     * {@link #boxAlongRow} for rows r .. r+3 at once. Each row keeps its own running sum and its own order of
     * operations (so the floats are the same), but the four chains are independent, so the CPU overlaps their
     * add/subtract latencies instead of waiting on one chain: about 1.6x faster than one row at a time.
     */
    private void boxAlongRows4(int pad, int n, int w, int h, int r) {
        float[] in0 = lumaRows[0];
        float[] in1 = lumaRows[1];
        float[] in2 = lumaRows[2];
        float[] in3 = lumaRows[3];
        int w0 = (r % ringRows) * n;
        int w1 = ((r + 1) % ringRows) * n;
        int w2 = ((r + 2) % ringRows) * n;
        int w3 = ((r + 3) % ringRows) * n;
        float[] out = ring;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int addBase = pad + h - 1;
        int subBase = pad - (w - h) - 1;
        for (int o = -(h - 1); o < 0; o++) {
            s0 = (s0 + in0[addBase + o]) - in0[subBase + o];
            s1 = (s1 + in1[addBase + o]) - in1[subBase + o];
            s2 = (s2 + in2[addBase + o]) - in2[subBase + o];
            s3 = (s3 + in3[addBase + o]) - in3[subBase + o];
        }
        for (int o = 0; o < n; o++) {
            s0 = (s0 + in0[addBase + o]) - in0[subBase + o];
            s1 = (s1 + in1[addBase + o]) - in1[subBase + o];
            s2 = (s2 + in2[addBase + o]) - in2[subBase + o];
            s3 = (s3 + in3[addBase + o]) - in3[subBase + o];
            float c = countsX[o];
            out[w0 + o] = s0 / c;
            out[w1 + o] = s1 / c;
            out[w2 + o] = s2 / c;
            out[w3 + o] = s3 / c;
        }
    }

    /** {@link #sampleAlongRow} for the four pending pass-2 rows at once (independent chains, as above). */
    private void sampleAlongRows4(int pad, int w, int h, float[] out, int outOff) {
        float[] in0 = y1Rows[0];
        float[] in1 = y1Rows[1];
        float[] in2 = y1Rows[2];
        float[] in3 = y1Rows[3];
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int addBase = pad + h - 1;
        int subBase = pad - (w - h) - 1;
        int o = -(h - 1);
        for (int j = 0; j < OUT; j++) {
            int target = sampleCols[j];
            for (; o <= target; o++) {
                s0 = (s0 + in0[addBase + o]) - in0[subBase + o];
                s1 = (s1 + in1[addBase + o]) - in1[subBase + o];
                s2 = (s2 + in2[addBase + o]) - in2[subBase + o];
                s3 = (s3 + in3[addBase + o]) - in3[subBase + o];
            }
            float c = countsX[target];
            out[outOff + j] = s0 / c;
            out[outOff + OUT + j] = s1 / c;
            out[outOff + 2 * OUT + j] = s2 / c;
            out[outOff + 3 * OUT + j] = s3 / c;
        }
    }

    /** The reference's window size for a dimension reduced to 64: ceil(n / 128). */
    static int windowSize(int n) {
        return (n + 2 * OUT - 1) / (2 * OUT);
    }

    /** Samples in the clipped window of output o: indices o-(w-h) .. o+h-1 within 0 .. n-1. */
    private static void fillCounts(float[] counts, int n, int w, int h) {
        for (int o = 0; o < n; o++) {
            int lo = Math.max(0, o - (w - h));
            int hi = Math.min(n - 1, o + h - 1);
            counts[o] = hi - lo + 1;
        }
    }

    /** Full 1-D box filter along a zero-padded row (data at in[pad .. pad+n-1]) into out[outOff ..]. */
    private static void boxAlongRow(float[] in, int pad, int n, int w, int h, float[] counts, float[] out, int outOff) {
        float sum = 0f;
        int addBase = pad + h - 1;
        int subBase = pad - (w - h) - 1;
        for (int o = -(h - 1); o < 0; o++) {
            sum = (sum + in[addBase + o]) - in[subBase + o];
        }
        for (int o = 0; o < n; o++) {
            sum = (sum + in[addBase + o]) - in[subBase + o];
            out[outOff + o] = sum / counts[o];
        }
    }

    /** Pass 3: the running sum along the row, divided only at the 64 sampled columns. */
    private void sampleAlongRow(float[] in, int pad, int w, int h, float[] out, int outOff) {
        float sum = 0f;
        int addBase = pad + h - 1;
        int subBase = pad - (w - h) - 1;
        int o = -(h - 1);
        for (int j = 0; j < OUT; j++) {
            int target = sampleCols[j];
            for (; o <= target; o++) {
                sum = (sum + in[addBase + o]) - in[subBase + o];
            }
            out[outOff + j] = sum / countsX[target];
        }
    }

    /** Source row for (possibly resized) row y: floor(y * srcH / 512) when resizing, else y. */
    private static int sourceRow(int y, int srcH, int h) {
        return h == srcH ? y : (int) ((long) y * srcH / h);
    }

    private void prepareColumns(int srcW, int w, int channels) {
        if (srcCols.length < w) {
            srcCols = new int[w];
        }
        for (int x = 0; x < w; x++) {
            // Byte offset of the source pixel: nearest neighbour floor(x * srcW / w) when resizing.
            srcCols[x] = (w == srcW ? x : (int) ((long) x * srcW / w)) * channels;
        }
    }

    /** Luma of one row into out[outOff .. outOff+w-1]: grey as is, else 0.299 R + 0.587 G + 0.114 B in float. */
    private void lumaRow(DecodedImage image, int srcRow, int w, float[] out, int outOff) {
        ByteBuffer px = image.pixels();
        int rowLen = regionWidth * image.channels();
        if (rowBytes.length < rowLen) {
            rowBytes = new byte[rowLen];
        }
        px.get((regionY + srcRow) * image.rowStride() + regionX * image.channels(), rowBytes, 0, rowLen);
        byte[] b = rowBytes;
        int[] cols = srcCols;
        int channels = image.channels();
        if (w == regionWidth) {
            // No resampling: direct indexing lets the JIT unroll without the column table's loads.
            if (channels == 1) {
                for (int x = 0; x < w; x++) {
                    out[outOff + x] = b[x] & 0xFF;
                }
            } else {
                for (int x = 0, p = 0; x < w; x++, p += channels) {
                    out[outOff + x] = LUMA_R * (b[p + 2] & 0xFF) + LUMA_G * (b[p + 1] & 0xFF) + LUMA_B * (b[p] & 0xFF);
                }
            }
            return;
        }
        if (channels == 1) {
            for (int x = 0; x < w; x++) {
                out[outOff + x] = b[cols[x]] & 0xFF;
            }
        } else {
            for (int x = 0; x < w; x++) {
                int p = cols[x];
                // B,G,R order; evaluated left to right in float, as the reference does.
                out[outOff + x] = LUMA_R * (b[p + 2] & 0xFF) + LUMA_G * (b[p + 1] & 0xFF) + LUMA_B * (b[p] & 0xFF);
            }
        }
    }

    private static void zeroPadding(float[] row, int padX, int width, int paddedRow) {
        java.util.Arrays.fill(row, 0, padX, 0f);
        java.util.Arrays.fill(row, padX + width, paddedRow, 0f);
    }

    private void ensureBuffers(int width, int height, int wy, int padX) {
        int paddedRow = width + 2 * padX;
        for (int k = 0; k < ROWS_AT_ONCE; k++) {
            if (lumaRows[k].length < paddedRow) {
                lumaRows[k] = new float[paddedRow];
                y1Rows[k] = new float[paddedRow];
            }
            // Padding must be zeros: only the middle of these rows is ever written.
            zeroPadding(lumaRows[k], padX, width, paddedRow);
            zeroPadding(y1Rows[k], padX, width, paddedRow);
        }
        if (ring.length < (wy + ROWS_AT_ONCE) * width) {
            ring = new float[(wy + ROWS_AT_ONCE) * width];
        }
        if (colSums.length < width) {
            colSums = new float[width];
            zeroRow = new float[width];
            countsX = new float[width];
        }
        if (countsY.length < height) {
            countsY = new float[height];
        }
        if (x2Cols.length < height * OUT) {
            x2Cols = new float[height * OUT];
        }
    }
}
