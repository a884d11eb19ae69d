package io.hashmatch.video;

/**
 * Why a video could not be hashed. Each constant has a short stable {@link #code()} used in reports, JSON
 * records and HTTP error bodies (the same style as {@link io.hashmatch.decode.DecodeError}).
 *
 * <p>Immutable; thread-safe.
 */
public enum VideoDecodeError {
    /** The file is empty (zero bytes). */
    EMPTY_FILE("empty_file"),
    /** The file is larger than the file size limit; it was not read. */
    FILE_TOO_LARGE("file_too_large"),
    /** The bytes are not a container FFmpeg can open. */
    UNSUPPORTED_FORMAT("unsupported_format"),
    /** The container opened but holds no video stream (e.g. audio only). */
    NO_VIDEO_STREAM("no_video_stream"),
    /** The container is damaged or cut short: it could not be parsed, or not one frame could be decoded. */
    CORRUPT_DATA("corrupt_data"),
    /** The declared frame width x height exceeds the pixel limit, or is zero; no frame was decoded. */
    DIMENSIONS_TOO_LARGE("dimensions_too_large"),
    /** The declared duration or the number of decoded frames exceeds its limit. */
    TOO_LONG("too_long"),
    /** Decoding took longer than the per-file time limit. */
    TIME_LIMIT("time_limit"),
    /** The file could not be read (permissions, vanished, device error). */
    IO_ERROR("io_error");

    private final String code;

    VideoDecodeError(String code) {
        this.code = code;
    }

    /** Short, stable, lower-case code, e.g. {@code "no_video_stream"}. */
    public String code() {
        return code;
    }
}
