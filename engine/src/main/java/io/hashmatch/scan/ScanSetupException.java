package io.hashmatch.scan;

/**
 * A scan cannot start: its output folder already holds another scan's journal, the journal to resume was made
 * with other settings or paths, or it is damaged before its last line. Nothing was scanned.
 *
 * <p>Immutable; thread-safe.
 */
public final class ScanSetupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean resumable;

    /** With a one-line message saying what is wrong and what to do; not {@link #resumable()}. */
    public ScanSetupException(String message) {
        this(message, false);
    }

    /**
     * @param message a one-line message saying what is wrong and what to do
     * @param resumable whether the scan would start with resuming on ({@link Scanner.Builder#resume})
     */
    public ScanSetupException(String message, boolean resumable) {
        super(message);
        this.resumable = resumable;
    }

    /**
     * Whether the scan would start with resuming on: the output folder holds a journal of the same scan, or of
     * another one (then resuming reports that it was made with other settings).
     */
    public boolean resumable() {
        return resumable;
    }
}
