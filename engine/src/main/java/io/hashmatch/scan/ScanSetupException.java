package io.hashmatch.scan;

/**
 * A scan cannot start: its output folder already holds another scan's journal, the journal to resume was made
 * with other settings or paths, or it is damaged before its last line. Nothing was scanned.
 *
 * <p>Immutable; thread-safe.
 */
public final class ScanSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With a one-line message saying what is wrong and what to do. */
    public ScanSetupException(String message) {
        super(message);
    }
}
