package io.hashmatch.disk;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * A disk image, its partition table or a file system in it could not be read, or the library that reads them is
 * missing. {@link #reason()} says which, as a stable {@link Reason#code()} for the reports.
 *
 * <p>Immutable; thread-safe.
 */
public final class DiskImageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The Sleuth Kit's native library ({@code libtsk.so.19}) could not be loaded. */
        LIBRARY_MISSING,
        /** The image file (or a segment of it) could not be opened or read as an image. */
        IMAGE_UNREADABLE,
        /** The partition table is damaged: partitions it describes could not all be read. */
        PARTITION_TABLE_CORRUPT,
        /** A file system could not be opened or walked. */
        FILE_SYSTEM_UNREADABLE;

        /** Lower-case code used in reports ({@code "partition_table_corrupt"}...). */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    /** An exception for {@code reason}, with a one-line message. */
    public DiskImageException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    /** Why the image or part of it could not be read. */
    public Reason reason() {
        return reason;
    }
}
