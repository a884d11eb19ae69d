package io.hashmatch.decode;

/**
 * Limits checked before any pixel memory is allocated: the declared width x height against
 * {@code maxPixels}, and the file's size against {@code maxFileBytes}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxPixels largest accepted width x height (default 100 megapixels)
 * @param maxFileBytes largest accepted file size in bytes (default 256 MiB)
 */
public record DecodeLimits(long maxPixels, long maxFileBytes) {
    /** 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** 256 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;

    public DecodeLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxFileBytes must be in 1.." + (Integer.MAX_VALUE - 8) + ": " + maxFileBytes);
        }
    }

    /** The default limits: 100 megapixels, 256 MiB. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);
    }
}
