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
    private long[] sums = new long[0];
    private int[] counts = new int[0];
    private byte[] row = new byte[0];
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
        if (sums.length < width) {
            sums = new long[width];
            counts = new int[width];
        }
        int channels = image.channels();
        int rowLen = imageWidth * channels;
        if (row.length < rowLen) {
            row = new byte[rowLen];
        }
        ByteBuffer px = image.pixels();
        for (int py = 0; py < height; py++) {
            java.util.Arrays.fill(sums, 0, width, 0);
            java.util.Arrays.fill(counts, 0, width, 0);
            int yEnd = Math.min(imageHeight, (py + 1) * scale);
            for (int y = py * scale; y < yEnd; y++) {
                px.get(y * image.rowStride(), row, 0, rowLen);
                for (int x = 0, p = 0; x < imageWidth; x++, p += channels) {
                    // luma in thousandths: 299 R + 587 G + 114 B (B,G,R byte order)
                    long l = channels == 1
                            ? (row[p] & 0xFF) * 1000
                            : 299 * (row[p + 2] & 0xFF) + 587 * (row[p + 1] & 0xFF) + 114 * (row[p] & 0xFF);
                    int px0 = x / scale;
                    sums[px0] += l;
                    counts[px0]++;
                }
            }
            int off = py * width;
            for (int x = 0; x < width; x++) {
                long n = counts[x] * 1000L;
                grey[off + x] = (byte) ((sums[x] + n / 2) / n);
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
