package io.hashmatch.decode;

/**
 * A typed failure to read or decode an image. {@link #error()} says what kind; the message says what,
 * in one line fit for a user (it never needs the stack trace to be understood).
 *
 * <p>Immutable; thread-safe.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DecodeError error;

    public DecodeException(DecodeError error, String message) {
        super(message);
        this.error = java.util.Objects.requireNonNull(error);
    }

    public DecodeException(DecodeError error, String message, Throwable cause) {
        super(message, cause);
        this.error = java.util.Objects.requireNonNull(error);
    }

    /** The kind of failure. */
    public DecodeError error() {
        return error;
    }
}
