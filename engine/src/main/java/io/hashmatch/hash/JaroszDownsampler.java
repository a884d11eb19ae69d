package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import java.nio.ByteBuffer;

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
 *   <li>pass 1 (rows) and pass 2 (columns) stream: a ring of {@code wy + 1} pass-1 rows feeds per-column
 *       running sums, so memory is O(W * wy), not O(W * H), and stays in cache;</li>
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

  private static final float LUMA_R = 0.299f;
  private static final float LUMA_G = 0.587f;
  private static final float LUMA_B = 0.114f;

  // Row buffers, padded on both sides by the window size so the running sum needs no bounds branches.
  private byte[] rowBytes = new byte[0];
  private float[] lumaRow = new float[0];
  private float[] y1Row = new float[0];
  private float[] ring = new float[0]; // (wy + 1) pass-1 rows of width W, row r in slot r % (wy + 1)
  private float[] colSums = new float[0];
  private float[] zeroRow = new float[0];
  private float[] x2Cols = new float[0]; // H rows x 64 sampled columns of pass 3
  private float[] countsX = new float[0];
  private float[] countsY = new float[0];
  private int[] srcCols = new int[0]; // source column per (resized) column
  private final int[] sampleRows = new int[OUT];
  private final int[] sampleCols = new int[OUT];
  private final float[] laneSums = new float[OUT];

  /**
   * Fills {@code out64x64} (row-major) with the blurred, decimated luma of {@code image}, or, for an
   * exactly 64x64 image when {@code allowDirect64} is set, with its luma as is (the reference's shortcut in
   * its non-dihedral path). With {@code referenceResize}, images over 512 px on a side are first
   * resampled to 512x512 by nearest neighbour.
   *
   * @return false when the (resized) image is smaller than 5 pixels on a side: nothing is computed
   */
  boolean downsample(DecodedImage image, boolean referenceResize, boolean allowDirect64, float[] out64x64) {
    int srcW = image.width();
    int srcH = image.height();
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
    blurAndDecimate(image, srcH, w, h, out64x64);
    return true;
  }

  private void blurAndDecimate(DecodedImage image, int srcH, int width, int height, float[] out) {
    int wx = windowSize(width);
    int wy = windowSize(height);
    int hx = (wx + 2) / 2;
    int hy = (wy + 2) / 2;
    int padX = wx + 1;
    ensureBuffers(width, height, wx, wy, padX);
    fillCounts(countsX, width, wx, hx);
    fillCounts(countsY, height, wy, hy);
    for (int i = 0; i < OUT; i++) {
      // Decimation centres, computed in double and truncated as in the reference.
      sampleRows[i] = (int) (((i + 0.5) * height) / OUT);
      sampleCols[i] = (int) (((i + 0.5) * width) / OUT);
    }

    java.util.Arrays.fill(colSums, 0, width, 0f);
    int ringRows = wy + 1;
    // Pass 2 (columns) as a uniform running sum over output rows o = -(hy-1) .. height-1; rows outside the
    // image are zeros. Each step first adds row o+hy-1, then subtracts row o-(wy-hy)-1.
    for (int o = -(hy - 1); o < height; o++) {
      int addRow = o + hy - 1;
      int subRow = o - (wy - hy) - 1;
      float[] addSrc;
      int addOff;
      if (addRow < height) {
        addOff = (addRow % ringRows) * width;
        // Pass 1 (rows) for the entering row, written into its ring slot.
        lumaRow(image, sourceRow(addRow, srcH, height), width, lumaRow, padX);
        boxAlongRow(lumaRow, padX, width, wx, hx, countsX, ring, addOff);
        addSrc = ring;
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
      // Plain indexed loop over flat arrays: C2 vectorises it across columns.
      for (int x = 0; x < width; x++) {
        float s = (colSums[x] + addSrc[addOff + x]) - subSrc[subOff + x];
        colSums[x] = s;
        y1Row[padX + x] = s / count;
      }
      // Pass 3 (rows) on this pass-2 row, divided only at the sampled columns.
      sampleAlongRow(y1Row, padX, wx, hx, x2Cols, o * OUT);
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
  private static void boxAlongRow(float[] in, int pad, int n, int w, int h, float[] counts, float[] out,
      int outOff) {
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
    int rowLen = image.width() * image.channels();
    if (rowBytes.length < rowLen) {
      rowBytes = new byte[rowLen];
    }
    px.get(srcRow * image.rowStride(), rowBytes, 0, rowLen);
    byte[] b = rowBytes;
    int[] cols = srcCols;
    if (image.channels() == 1) {
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

  private void ensureBuffers(int width, int height, int wx, int wy, int padX) {
    int paddedRow = width + 2 * padX;
    if (lumaRow.length < paddedRow) {
      lumaRow = new float[paddedRow];
      y1Row = new float[paddedRow];
    }
    // Padding must be zeros: only the middle of these rows is ever written.
    java.util.Arrays.fill(lumaRow, 0, padX, 0f);
    java.util.Arrays.fill(lumaRow, padX + width, paddedRow, 0f);
    java.util.Arrays.fill(y1Row, 0, padX, 0f);
    java.util.Arrays.fill(y1Row, padX + width, paddedRow, 0f);
    if (ring.length < (wy + 1) * width) {
      ring = new float[(wy + 1) * width];
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
