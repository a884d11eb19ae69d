package io.hashmatch.decode;

/**
 * Image container formats hashmatch recognises from their leading bytes (never from a file name).
 *
 * <p>Immutable; thread-safe.
 */
public enum ImageFormat {
    JPEG,
    PNG,
    GIF,
    WEBP,
    TIFF,
    BMP;

    /** Lower-case name used in reports ({@code "jpeg"}, {@code "png"}, ...). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
