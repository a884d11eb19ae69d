package io.hashmatch.decode;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decoded 8-bit pixels, row-major, in one of three layouts that match OpenCV's native order:
 * {@code channels == 1} grey, {@code 3} B,G,R, {@code 4} B,G,R,A. Alpha is carried, never composited
 * (PDQ's reference ignores it). Row {@code y} starts at byte {@code y * rowStride()} of {@link #pixels()}.
 *
 * <p>An instance may own native memory (an OpenCV matrix): {@link #close()} releases it, after which the
 * pixels must not be read. Not thread-safe; confine an instance to one thread.
 */
public final class DecodedImage implements AutoCloseable {
    private final ByteBuffer pixels;
    private final int width;
    private final int height;
    private final int channels;
    private final int rowStride;
    private final @Nullable ImageFormat format;
    private final AutoCloseable owner;

    DecodedImage(
            ByteBuffer pixels,
            int width,
            int height,
            int channels,
            int rowStride,
            @Nullable ImageFormat format,
            AutoCloseable owner) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("channels must be 1, 3 or 4: " + channels);
        }
        if (width < 0 || height < 0 || rowStride < (long) width * channels) {
            throw new IllegalArgumentException(
                    "bad geometry " + width + "x" + height + "x" + channels + " stride " + rowStride);
        }
        if ((long) rowStride * height > pixels.capacity()) {
            throw new IllegalArgumentException("pixel buffer too small for " + width + "x" + height);
        }
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.rowStride = rowStride;
        this.format = format;
        this.owner = owner;
    }

    /**
     * Wraps caller-owned pixels (grey, B,G,R or B,G,R,A, tightly packed rows). Used by tests and benchmarks
     * that feed PDQ directly.
     */
    public static DecodedImage ofPixels(byte[] pixels, int width, int height, int channels, ImageFormat format) {
        Objects.requireNonNull(pixels);
        return new DecodedImage(ByteBuffer.wrap(pixels), width, height, channels, width * channels, format, () -> {});
    }

    /**
     * Wraps one decoded video frame (B,G,R, rows {@code rowStride} bytes apart, e.g. a JavaCV {@code Frame}
     * buffer). The buffer is not copied: it must not change or be freed while the image is used. {@link #format()}
     * is {@code null}: a frame does not come from an image container.
     *
     * @throws IllegalArgumentException if the geometry does not fit the buffer
     */
    public static DecodedImage ofVideoFrame(ByteBuffer bgr, int width, int height, int rowStride) {
        Objects.requireNonNull(bgr);
        return new DecodedImage(bgr, width, height, 3, rowStride, null, () -> {});
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** 1 (grey), 3 (B,G,R) or 4 (B,G,R,A). */
    public int channels() {
        return channels;
    }

    /** Bytes from the start of one row to the start of the next. */
    public int rowStride() {
        return rowStride;
    }

    /** The container format the pixels were decoded from; {@code null} for a video frame. */
    public @Nullable ImageFormat format() {
        return format;
    }

    /** The pixel bytes; position 0 is the first channel of the top-left pixel. Do not modify. */
    public ByteBuffer pixels() {
        return pixels;
    }

    /** Releases native pixel memory, if any. Idempotent. */
    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release decoded pixels", e);
        }
    }
}
