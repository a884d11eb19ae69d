package io.hashmatch.list;

import java.nio.file.Path;

/**
 * A snapshot file that cannot be used: wrong magic number, unsupported version, truncated, extended or
 * tampered with (checksum mismatch), or inconsistent internally. The message names the file and says
 * what was expected and what was found.
 *
 * <p>Immutable; thread-safe.
 */
public final class SnapshotFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Kind {
        /** Not a hashmatch snapshot (magic number). */
        NOT_A_SNAPSHOT,
        /** Written by a newer or retired format version. */
        UNSUPPORTED_VERSION,
        /** Shorter than its structure says: a torn write or a cut copy. */
        TRUNCATED,
        /** A checksum does not match, or the structure contradicts itself. */
        CORRUPT
    }

    private final Kind kind;
    private final transient Path file;

    SnapshotFormatException(Kind kind, Path file, String message) {
        super(file + ": " + message);
        this.kind = kind;
        this.file = file;
    }

    /** What is wrong. */
    public Kind kind() {
        return kind;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
