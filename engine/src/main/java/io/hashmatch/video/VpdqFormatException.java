package io.hashmatch.video;

/**
 * A vPDQ hash file is malformed; the message names the source and the 1-based line.
 *
 * <p>Immutable once thrown; thread-safe.
 */
public final class VpdqFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    /** An error at a 1-based line of a named source. */
    public VpdqFormatException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line number of the error. */
    public int line() {
        return line;
    }
}
