package io.hashmatch.video;

import java.util.Objects;

/**
 * A video could not be hashed; {@link #error()} says why, the message says what was found.
 *
 * <p>Immutable once thrown; thread-safe.
 */
public final class VideoDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final VideoDecodeError error;

    /** An error with a message and an optional cause. */
    public VideoDecodeException(VideoDecodeError error, String message, Throwable cause) {
        super(error.code() + ": " + message, cause);
        this.error = Objects.requireNonNull(error);
    }

    /** An error with a message. */
    public VideoDecodeException(VideoDecodeError error, String message) {
        super(error.code() + ": " + message);
        this.error = Objects.requireNonNull(error);
    }

    /** Why decoding failed. */
    public VideoDecodeError error() {
        return error;
    }
}
