package io.hashmatch.scan;

/**
 * Limits on opening archives, against archive bombs (a small file that expands to terabytes, or nests
 * archives without end).
 *
 * <p>All are counted per file on disk, across every nesting level inside it: {@code maxTotalBytes} bounds
 * the bytes decompressed out of it; {@code maxRatio} bounds those bytes divided by the file's size on disk,
 * checked once more than {@link #RATIO_FLOOR_BYTES} have been decompressed (so small, well-compressed text
 * files are not called bombs). Exceeding either stops the expansion of that file with
 * {@link ScanError#ARCHIVE_BOMB}; what was hashed before stays in the report. An archive found at nesting
 * depth {@code maxDepth} (the file on disk is depth 0) is hashed as a file but not opened
 * ({@link ScanError#ARCHIVE_TOO_DEEP}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxDepth deepest nesting level opened, at least 1 (1: archives on disk are opened, archives in them
 *     are not)
 * @param maxTotalBytes most bytes decompressed out of one file on disk, at least 1
 * @param maxRatio most decompressed bytes per byte on disk, at least 1
 */
public record ArchiveLimits(int maxDepth, long maxTotalBytes, long maxRatio) {
    /** Decompressed bytes below which the ratio is not checked. */
    public static final long RATIO_FLOOR_BYTES = 1L << 20;

    /** Default nesting depth. */
    public static final int DEFAULT_MAX_DEPTH = 5;

    /** Default decompressed total per file on disk: 16 GiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 16L << 30;

    /**
     * Default ratio: 100. Photos and videos barely compress (ratios near 1); text and office files reach 10-20;
     * the known bombs reach 1 000 to millions.
     */
    public static final long DEFAULT_MAX_RATIO = 100;

    /** @throws IllegalArgumentException if a limit is below its minimum */
    public ArchiveLimits {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("archive depth limit must be at least 1: " + maxDepth);
        }
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("archive size limit must be at least 1 byte: " + maxTotalBytes);
        }
        if (maxRatio < 1) {
            throw new IllegalArgumentException("archive ratio limit must be at least 1: " + maxRatio);
        }
    }

    /** The defaults: depth {@value #DEFAULT_MAX_DEPTH}, 16 GiB, ratio {@value #DEFAULT_MAX_RATIO}. */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_RATIO);
    }
}
