package io.hashmatch.scan;

import java.util.Locale;

/**
 * What a file is, recognised from its bytes (never its name). The scanner switches on it to pick the
 * hashing: images get PDQ, archives are opened, videos get vPDQ, everything gets exact hashes.
 *
 * <p>Immutable; thread-safe.
 */
public enum MediaKind {
    /** A still image format the decoder recognises (JPEG, PNG, GIF, WebP, TIFF, BMP), decodable or not. */
    IMAGE,
    /** A video container (MP4/MOV/3GP, Matroska/WebM, AVI, FLV, MPEG program or transport stream, ASF/WMV). */
    VIDEO,
    /** An archive or compressed stream that was opened (ZIP, TAR, gzip, bzip2, xz, 7z). */
    ARCHIVE,
    /** A disk image (raw, split raw, E01): its own hashes, then the files and carved objects read out of it. */
    DISK_IMAGE,
    /** Anything else: exact hashes only. */
    OTHER,
    /** Nothing could be read: a link not followed, a FIFO or device, an I/O error. */
    UNREADABLE;

    /** Lower-case name used in reports ({@code "image"}, ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose {@link #label()} is {@code label}. @throws IllegalArgumentException if none is */
    public static MediaKind fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
