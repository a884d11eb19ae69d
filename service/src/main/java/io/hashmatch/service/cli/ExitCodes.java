package io.hashmatch.service.cli;

/**
 * The exit codes of every hashmatch command, and their text for picocli's "Exit Codes" help section.
 */
final class ExitCodes {
    /** Every input was processed. */
    static final int OK = 0;
    /**
     * Invalid usage (unknown option, missing or nonexistent PATH, bad value), or the command could not run
     * at all (for example standard output was closed); a one-line message is on stderr.
     */
    static final int USAGE_OR_FATAL = 1;
    /** Some inputs could not be processed; each is reported in its own record with an error. */
    static final int SOME_FAILED = 2;
    /** Stopped by Ctrl-C (SIGINT) before the end; what was done is kept (scan: in the journal). */
    static final int INTERRUPTED = 130;

    static final String HEADING = "%nExit Codes:%n";
    static final String LIST_OK = "0:every input was processed";
    static final String LIST_USAGE = "1:usage error (unknown option, missing or nonexistent PATH, bad value) or the"
            + " command could not run; a one-line message is on stderr";
    static final String LIST_SOME_FAILED = "2:some inputs failed; each has a record with an \"error\"";
    /** {@link #SOME_FAILED} of the commands whose input is a list file or a snapshot. */
    static final String LIST_BAD_INPUT = "2:bad input data: an invalid list file (file:line[:column]: reason on stderr;"
            + " nothing written), or a snapshot, metadata store or scan journal that is damaged or of a format version"
            + " this hashmatch does not read (the file and what is wrong on stderr)";

    private ExitCodes() {}
}
