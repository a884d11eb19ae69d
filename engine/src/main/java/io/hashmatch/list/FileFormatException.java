package io.hashmatch.list;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A hashmatch file that this build cannot read: a list snapshot, its metadata store, a scan journal or an audit
 * log. One type for every file format (after Lucene's {@code IndexFormatTooOldException}, {@code
 * IndexFormatTooNewException} and {@code CorruptIndexException}), told apart by {@link #kind()}:
 *
 * <ul>
 *   <li>{@link Kind#TOO_OLD}: written in a format version older than the oldest this build reads;
 *   <li>{@link Kind#TOO_NEW}: written by a newer hashmatch, in a version this build does not know yet;
 *   <li>{@link Kind#CORRUPT}: not such a file at all, truncated, extended, a checksum mismatch, a garbled version
 *       field or a structure that contradicts itself.
 * </ul>
 *
 * <p>The message names the file and says what was expected and what was found; for a version kind it carries the
 * found version and the range this build reads. An {@link IOException}, as the file cannot be used.
 *
 * <p>Immutable; thread-safe.
 */
public final class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Kind {
        /** A format version older than this build reads. */
        TOO_OLD,
        /** A format version newer than this build reads. */
        TOO_NEW,
        /** Not such a file, truncated, tampered with, or inconsistent. */
        CORRUPT
    }

    private static final int NONE = Integer.MIN_VALUE;

    private final Kind kind;
    private final transient Path file;
    private final int found;
    private final int min;
    private final int max;

    private FileFormatException(Kind kind, Path file, String message, int found, int min, int max) {
        super(file + ": " + message);
        this.kind = kind;
        this.file = file;
        this.found = found;
        this.min = min;
        this.max = max;
    }

    /**
     * A file of format version {@code found} outside {@code [min, max]}: {@link Kind#TOO_OLD} below, {@link
     * Kind#TOO_NEW} above.
     *
     * @param what the file's kind as users know it, e.g. {@code "snapshot"}, {@code "journal"}
     * @param where where in the file the version is, e.g. {@code "line 1"}; empty for a file-wide header
     * @throws IllegalArgumentException if {@code found} lies inside the range
     */
    public static FileFormatException unsupportedVersion(
            Path file, String what, String where, int found, int min, int max) {
        if (found >= min && found <= max) {
            throw new IllegalArgumentException("version " + found + " is supported");
        }
        boolean old = found < min;
        String message = (where.isEmpty() ? "" : where + ": ") + what + " format version " + found + " is too "
                + (old ? "old" : "new") + ": this hashmatch reads versions " + min + " to " + max
                + (old ? "" : " (written by a newer hashmatch)");
        return new FileFormatException(old ? Kind.TOO_OLD : Kind.TOO_NEW, file, message, found, min, max);
    }

    /** A file that is damaged or not of the expected kind; {@code message} says what is wrong. */
    public static FileFormatException corrupt(Path file, String message) {
        return new FileFormatException(Kind.CORRUPT, file, message, NONE, NONE, NONE);
    }

    /** What is wrong. */
    public Kind kind() {
        return kind;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** The file's format version, for {@link Kind#TOO_OLD} and {@link Kind#TOO_NEW}. */
    public OptionalInt foundVersion() {
        return found == NONE ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /** The oldest format version this build reads, for {@link Kind#TOO_OLD} and {@link Kind#TOO_NEW}. */
    public OptionalInt minVersion() {
        return min == NONE ? OptionalInt.empty() : OptionalInt.of(min);
    }

    /** The newest format version this build reads, for {@link Kind#TOO_OLD} and {@link Kind#TOO_NEW}. */
    public OptionalInt maxVersion() {
        return max == NONE ? OptionalInt.empty() : OptionalInt.of(max);
    }
}
