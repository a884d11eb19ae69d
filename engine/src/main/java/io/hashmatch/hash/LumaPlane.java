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
        imageWidth = image.width();
        imageHeight = image.height();
        scale = Math.max(1, Math.ceilDiv(Math.max(imageWidth, imageHeight), maxSide));
        width = Math.ceilDiv(imageWidth, scale);
        height = Math.ceilDiv(imageHeight, scale);
        if (grey.length < width * height) {
            grey = new byte[width * height];
        }
        int channels = image.channels();
        int rowLen = imageWidth * channels;
        if (row.length < rowLen) {
            row = new byte[rowLen];
        }
        if (columnSums.length < imageWidth) {
            columnSums = new int[imageWidth];
        }
        ByteBuffer px = image.pixels();
        for (int py = 0; py < height; py++) {
            int y0 = py * scale;
            int yEnd = Math.min(imageHeight, y0 + scale);
            java.util.Arrays.fill(columnSums, 0, imageWidth, 0);
            for (int y = y0; y < yEnd; y++) {
                px.get(y * image.rowStride(), row, 0, rowLen);
                addLuma(row, channels);
            }
            int off = py * width;
            for (int x0 = 0, x = 0; x < width; x0 += scale, x++) {
                int x1 = Math.min(imageWidth, x0 + scale);
                long sum = 0;
                for (int i = x0; i < x1; i++) {
                    sum += columnSums[i];
                }
                long n = (long) (x1 - x0) * (yEnd - y0) * 1000;
                // floor((sum + n / 2) / n) in double: exact (both below 2^53, an integer quotient is exact and any
                // other is at least 1 / n below the next integer), and cheaper than a long division
                grey[off + x] = (byte) (int) ((sum + n / 2) / (double) n);
            }
        }
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
