package io.hashmatch.decode;

/**
 * Why a file could not be decoded. Each constant has a short stable {@link #code()} used in reports,
 * JSON records and HTTP error bodies.
 *
 * <p>Immutable; thread-safe.
 */
public enum DecodeError {
    /** The bytes are not an image format hashmatch decodes (detected from the magic number). */
    UNSUPPORTED_FORMAT("unsupported_format"),
    /** The file is empty (zero bytes). */
    EMPTY_FILE("empty_file"),
    /** The data ends before the image does. */
    TRUNCATED("truncated"),
    /** The format was recognised but the data is invalid. */
    CORRUPT_DATA("corrupt_data"),
    /** The declared width x height exceeds the pixel limit; nothing was allocated for the pixels. */
    IMAGE_TOO_LARGE("image_too_large"),
    /** The file is larger than the file size limit; it was not read. */
    FILE_TOO_LARGE("file_too_large"),
    /** The file could not be read (permissions, vanished, device error). */
    IO_ERROR("io_error");

    private final String code;

    DecodeError(String code) {
        this.code = code;
    }

    /** Short, stable, lower-case code, e.g. {@code "truncated"}. */
    public String code() {
        return code;
    }
}
