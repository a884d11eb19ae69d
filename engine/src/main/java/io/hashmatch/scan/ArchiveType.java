package io.hashmatch.scan;

import java.util.Locale;

/** The archive and compressed-stream formats the scanner opens. Immutable; thread-safe. */
enum ArchiveType {
    ZIP,
    TAR,
    GZIP,
    BZIP2,
    XZ,
    SEVEN_Z;

    /** Report label: {@code zip}, {@code tar}, {@code gzip}, {@code bzip2}, {@code xz}, {@code 7z}. */
    String label() {
        return this == SEVEN_Z ? "7z" : name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is one compressed stream (one entry) rather than an archive of named entries. */
    boolean isCompressedStream() {
        return this == GZIP || this == BZIP2 || this == XZ;
    }
}
