package io.hashmatch.scan;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a record's bytes lay in a disk image (or in a raw file that was carved): the partition, the byte offset,
 * whether the file system still allocates them, and the file system's times.
 *
 * <p>Immutable; thread-safe.
 *
 * @param allocation allocated, deleted or carved
 * @param partition the partition's name ({@code "p1"}: the first partition of the table), or null when the image
 *     has no partition table (a file system straight on the medium) or the bytes lie outside every partition
 * @param offset byte offset in the image of the first byte of the content (for a file, of its first block), or -1
 *     when it is not known (a resident NTFS file, a file that could not be mapped) or none (an entry of an archive)
 * @param created the file system's creation (birth) time, or null when it has none
 * @param modified the content's modification time, or null
 * @param accessed the last access time, or null
 * @param changed the metadata change time (ext, NTFS MFT entry change), or null
 */
public record DiskOrigin(
        Allocation allocation,
        @Nullable String partition,
        long offset,
        @Nullable Instant created,
        @Nullable Instant modified,
        @Nullable Instant accessed,
        @Nullable Instant changed) {

    /** Checks for nulls. */
    public DiskOrigin {
        Objects.requireNonNull(allocation, "allocation");
    }

    /** Bytes carved at {@code offset} (no file system times). */
    public static DiskOrigin carved(@Nullable String partition, long offset) {
        return new DiskOrigin(Allocation.CARVED, partition, offset, null, null, null, null);
    }

    /**
     * Where an entry of an archive that lay at this origin lay: the archive's allocation and partition (an entry of a
     * deleted or carved archive is deleted or carved too), no offset (its bytes are compressed inside the archive's)
     * and no file-system times.
     */
    DiskOrigin ofArchiveEntry() {
        return new DiskOrigin(allocation, partition, -1, null, null, null, null);
    }

    /** How the file system held the bytes when the image was made. */
    public enum Allocation {
        /** A file the file system lists. */
        ALLOCATED,
        /** A file whose name or metadata the file system marks deleted; its content was read where it still lay. */
        DELETED,
        /** Bytes found by their signature and structure in unallocated space, slack, or a raw file. */
        CARVED;

        /** Lower-case name used in reports ({@code "deleted"}...). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The value whose {@link #label()} is {@code label}. @throws IllegalArgumentException if none is */
        public static Allocation fromLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }
}
