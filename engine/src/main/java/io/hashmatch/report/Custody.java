package io.hashmatch.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The chain-of-custody statement of a scan: who ran what, on what, with which lists, when.
 *
 * <p>Immutable; thread-safe.
 *
 * @param toolVersion e.g. {@code "hashmatch 0.1.0"}
 * @param commandLine the arguments as given (of the last run, for a resumed scan)
 * @param examiner the operator, or null when not stated
 * @param caseNumber the case number, or null when not stated
 * @param paths the scanned paths as given
 * @param runs start time of each run (the first, then each resume)
 * @param ended when the last run ended
 * @param lists every list matched against
 */
public record Custody(
        String toolVersion,
        List<String> commandLine,
        @Nullable String examiner,
        @Nullable String caseNumber,
        List<String> paths,
        List<Instant> runs,
        Instant ended,
        List<ListInfo> lists) {

    /**
     * One list as it was used.
     *
     * @param name the list's name
     * @param version its version
     * @param checksum the snapshot's checksum
     * @param entries its number of entries
     * @param maxDistance the PDQ distance used with it
     * @param suppression whether it was used as a suppression list
     * @param knownGood whether it was used as a known-good list (files it holds are marked known, never unmatched)
     */
    public record ListInfo(
            String name,
            String version,
            String checksum,
            int entries,
            int maxDistance,
            boolean suppression,
            boolean knownGood) {
        /** Checks for nulls. */
        public ListInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(checksum, "checksum");
        }

        /** A list matched against (or used for suppression), not a known-good list. */
        public ListInfo(
                String name, String version, String checksum, int entries, int maxDistance, boolean suppression) {
            this(name, version, checksum, entries, maxDistance, suppression, false);
        }
    }

    /** Checks for nulls, copies the lists; {@code runs} must not be empty. */
    public Custody {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(ended, "ended");
        commandLine = List.copyOf(commandLine);
        paths = List.copyOf(paths);
        runs = List.copyOf(runs);
        lists = List.copyOf(lists);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a scan has at least one run");
        }
    }

    /** Characters a POSIX shell takes literally in a word. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /**
     * The command line as one line a POSIX shell reads back into the same arguments: an argument with a space, a
     * quote or another special character (or an empty one) is single-quoted, a {@code '} inside written
     * {@code '\''}.
     */
    String shellCommandLine() {
        StringJoiner line = new StringJoiner(" ");
        for (String a : commandLine) {
            line.add(PLAIN_WORD.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
