package io.hashmatch.scan;

/**
 * Why the scanner could not read, follow or expand something, beyond the image decoder's own
 * {@link io.hashmatch.decode.DecodeError}s and the video decoder's {@link io.hashmatch.video.VideoDecodeError}s.
 * Each constant has a short stable {@link #code()} used in the reports (the same field carries the decoders'
 * codes; the record's kind tells image from video).
 *
 * <p>Immutable; thread-safe.
 */
public enum ScanError {
    /** The file or directory could not be read (permissions, vanished, device error). */
    IO_ERROR("io_error"),
    /** A symbolic link inside the tree leads outside it, to a directory, or nowhere: not followed. */
    SYMLINK_NOT_FOLLOWED("symlink_not_followed"),
    /** A FIFO, socket or device: reading it could block forever, so it is not read. */
    NOT_REGULAR_FILE("not_regular_file"),
    /** The bytes start like an archive but the archive could not be read to its end. */
    ARCHIVE_CORRUPT("archive_corrupt"),
    /** Expanding the archive exceeded the ratio or total-size limit ({@link ArchiveLimits}): stopped. */
    ARCHIVE_BOMB("archive_bomb"),
    /** An archive nested deeper than {@link ArchiveLimits#maxDepth()}: hashed as a file, not opened. */
    ARCHIVE_TOO_DEEP("archive_too_deep"),
    /** An encrypted archive or entry: its contents cannot be read without the password. */
    ARCHIVE_ENCRYPTED("archive_encrypted"),
    /**
     * A disk image, its partition table or a file system in it could not be read in full (the code is the
     * reason's, such as {@code partition_table_corrupt}); what could be read was scanned and the rest carved.
     */
    DISK_IMAGE_DAMAGED("disk_image_damaged"),
    /**
     * A file in a disk image whose declared size exceeds its whole volume, or on FAT its data area: a damaged or
     * forged entry, not read (a sparse file smaller than its volume is read, its holes as zeros).
     */
    SIZE_IMPLAUSIBLE("size_implausible"),
    /**
     * A file in a disk image whose file system structures are damaged where they describe it (a FAT cluster chain
     * that loops, reaches a free or bad cluster or leaves the data area before the file's size): the message says
     * what was found; what they still hold of the file is hashed as read.
     */
    FILE_SYSTEM_DAMAGED("filesystem_damaged"),
    /** The scan failed on this file because of a bug; the message says what was thrown. */
    INTERNAL_ERROR("internal_error");

    private final String code;

    ScanError(String code) {
        this.code = code;
    }

    /** Short, stable, lower-case code, e.g. {@code "archive_bomb"}. */
    public String code() {
        return code;
    }
}
