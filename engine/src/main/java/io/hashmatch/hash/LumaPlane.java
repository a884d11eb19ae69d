package io.hashmatch.hash;

import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import java.nio.ByteBuffer;

/**
 * The luma of an image as one byte per pixel, reduced by an integer factor so that neither side exceeds
 * {@link #MAX_SIDE} (or another maximum given to the constructor): the buffer variants are found in and hashed
 * from. Each plane pixel is the mean luma
 * ({@code 0.299 R + 0.587 G + 0.114 B}, rounded) of a {@code scale x scale} block of image pixels (blocks at the
 * right and bottom edges may be partial).
 *
 * <p>PDQ keeps only a 64x64 blur of an image, so hashing a region of this plane gives the region's hash within a
 * few bits of hashing the full-resolution pixels, at a fraction of the cost for large images.
 *
 * <p>Not thread-safe: owns buffers that grow to the largest plane seen.
 */
final class LumaPlane {
    /** Longest side of the plane, in plane pixels. */
    static final int MAX_SIDE = 512;

    private final int maxSide;
    private byte[] grey = new byte[0];
    private byte[] row = new byte[0];
    /** Per image column, the luma summed over the rows of the plane row being filled. */
    private int[] columnSums = new int[0];

    /** Image rows in the plane so far while it is filled row by row; -1 when the fill was abandoned. */
    private int rowsAdded = -1;

    private int width;
    private int height;
    private int scale;
    private int imageWidth;
    private int imageHeight;

    /** A plane of at most {@link #MAX_SIDE} pixels a side. */
    LumaPlane() {
        this(MAX_SIDE);
    }

    /** A plane of at most {@code maxSide} pixels a side. */
    LumaPlane(int maxSide) {
        this.maxSide = maxSide;
    }

    /** Fills the plane from {@code image}. */
    void fill(DecodedImage image) {
        start(image);
        int channels = image.channels();
        int rowLen = imageWidth * channels;
        if (row.length < rowLen) {
            row = new byte[rowLen];
        }
        ByteBuffer px = image.pixels();
        for (int py = 0; py < height; py++) {
            int y0 = py * scale;
            int yEnd = Math.min(imageHeight, y0 + scale);
            for (int y = y0; y < yEnd; y++) {
                px.get(y * image.rowStride(), row, 0, rowLen);
                addLuma(row, channels);
            }
            writeRow(py);
        }
        rowsAdded = imageHeight;
    }

    /**
     * Starts filling the plane from {@code image}'s rows as PDQ's luma ({@link #addLumaRow}), for a reader that
     * computes them anyway: the whole image's PDQ hash reads every row, and the plane then costs no second pass
     * over the pixels. The plane is {@link #complete()} once the last row was added.
     */
    void startRows(DecodedImage image) {
        start(image);
        rowsAdded = 0;
    }

    /**
     * Adds image row {@code y} (the next one) as PDQ's float luma {@code luma[off .. off + width)} ({@code 0.299f R +
     * 0.587f G + 0.114f B} evaluated left to right in float; grey: the value): each value is within 1e-4 of {@code
     * (299 R + 587 G + 114 B) / 1000}, so {@link #thousandths} gives back that sum exactly, and the plane is the
     * same as {@link #fill}'s. A row out of order abandons the fill.
     */
    void addLumaRow(float[] luma, int off, int y) {
        if (y != rowsAdded) {
            rowsAdded = -1;
            return;
        }
        int[] sums = columnSums;
        for (int x = 0; x < imageWidth; x++) {
            sums[x] += thousandths(luma[off + x]);
        }
        rowsAdded++;
        if (rowsAdded % scale == 0 || rowsAdded == imageHeight) {
            writeRow((rowsAdded - 1) / scale);
        }
    }

    /**
     * {@code 299 R + 587 G + 114 B} from PDQ's float luma of the same pixel: that float is within 1e-4 of a
     * thousandth of it, so the nearest integer to {@code 1000 luma} is it (checked for every R, G, B by the tests).
     */
    static int thousandths(float luma) {
        return (int) (luma * 1000f + 0.5f);
    }

    /** Forgets the plane's image: not {@link #complete()} until it is filled again. */
    void clear() {
        rowsAdded = -1;
    }

    /** True when every row of the image last given to {@link #fill} or {@link #startRows} is in the plane. */
    boolean complete() {
        return rowsAdded == imageHeight;
    }

    /** Sizes the plane for {@code image} and clears the column sums. */
    private void start(DecodedImage image) {
        imageWidth = image.width();
        imageHeight = image.height();
        scale = Math.max(1, Math.ceilDiv(Math.max(imageWidth, imageHeight), maxSide));
        width = Math.ceilDiv(imageWidth, scale);
        height = Math.ceilDiv(imageHeight, scale);
        if (grey.length < width * height) {
            grey = new byte[width * height];
        }
        if (columnSums.length < imageWidth) {
            columnSums = new int[imageWidth];
        }
        java.util.Arrays.fill(columnSums, 0, imageWidth, 0);
        rowsAdded = -1;
    }

    /** Plane row {@code py} from the column sums of its image rows, which it then clears. */
    private void writeRow(int py) {
        int y0 = py * scale;
        int yEnd = Math.min(imageHeight, y0 + scale);
        int off = py * width;
        int[] sums = columnSums;
        // each value is floor((sum + n / 2) / n), n = 1000 x the block's pixels, computed as floor((sum + n / 2 +
        // 0.5) x (1 / n)) in double: (s + 0.5) / n lies at least 0.5 / n from an integer, far beyond the product's
        // rounding error (below 2^-44 for values under 256; n / 2 is exact, n being a multiple of 1000), so the
        // truncation is exact, without a division per pixel
        long n = (long) scale * (yEnd - y0) * 1000;
        double inverse = 1.0 / n;
        double half = 0.5 * n + 0.5;
        int full = imageWidth / scale; // blocks of the full width
        if (scale == 1) {
            for (int x = 0; x < full; x++) {
                grey[off + x] = (byte) (int) ((sums[x] + half) * inverse);
            }
        } else {
            for (int x0 = 0, x = 0; x < full; x0 += scale, x++) {
                long sum = 0;
                for (int i = x0; i < x0 + scale; i++) {
                    sum += sums[i];
                }
                grey[off + x] = (byte) (int) ((sum + half) * inverse);
            }
        }
        if (full < width) { // the last block, narrower
            int x0 = full * scale;
            long sum = 0;
            for (int i = x0; i < imageWidth; i++) {
                sum += sums[i];
            }
            long last = (long) (imageWidth - x0) * (yEnd - y0) * 1000;
            grey[off + full] = (byte) (int) ((sum + (0.5 * last + 0.5)) * (1.0 / last));
        }
        java.util.Arrays.fill(columnSums, 0, imageWidth, 0);
    }

    /**
     * Adds the luma of one image row in thousandths ({@code 299 R + 587 G + 114 B}, B,G,R byte order; grey: the
     * value times 1000) to {@link #columnSums}. At most {@code scale} rows are added: an int holds 8,000 rows, and
     * a plane of that scale would need an image over 4 million pixels high.
     */
    private void addLuma(byte[] row, int channels) {
        int[] sums = columnSums;
        if (channels == 1) {
            for (int x = 0; x < imageWidth; x++) {
                sums[x] += (row[x] & 0xFF) * 1000;
            }
        } else if (channels == 3) {
            // a constant stride lets the JIT drop the bounds checks: a third faster than the general loop
            for (int x = 0; x < imageWidth; x++) {
                sums[x] += 299 * (row[3 * x + 2] & 0xFF) + 587 * (row[3 * x + 1] & 0xFF) + 114 * (row[3 * x] & 0xFF);
            }
        } else {
            for (int x = 0, p = 0; x < imageWidth; x++, p += channels) {
                sums[x] += 299 * (row[p + 2] & 0xFF) + 587 * (row[p + 1] & 0xFF) + 114 * (row[p] & 0xFF);
            }
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Image pixels per plane pixel along each side. */
    int scale() {
        return scale;
    }

    /** Luma of plane pixel (x, y), 0-255. */
    int at(int x, int y) {
        return grey[y * width + x] & 0xFF;
    }

    /** The plane as a one-channel image, for {@link PdqHasher}; valid until the next {@link #fill}. */
    DecodedImage asImage() {
        return DecodedImage.ofPixels(grey, width, height, 1, ImageFormat.PNG);
    }

    /**
     * The image rectangle covered by plane columns {@code x .. x + w - 1} and rows {@code y .. y + h - 1}, clipped
     * to the image.
     */
    PdqVariant.Rect toImage(int x, int y, int w, int h) {
        int ix = x * scale;
        int iy = y * scale;
        int iw = Math.min(imageWidth, (x + w) * scale) - ix;
        int ih = Math.min(imageHeight, (y + h) * scale) - iy;
        return new PdqVariant.Rect(ix, iy, iw, ih);
    }
}
