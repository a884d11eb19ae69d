package io.hashmatch.scan;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running scan, for a progress display. Totals come from a separate walk that only reads
 * directory entries and sizes (archives counted as one file); they are -1 until that walk has finished.
 *
 * <p>Thread-safe: the scan's threads update it, any thread reads it; the counters are read one by one, not as
 * an atomic snapshot.
 */
public final class ScanProgress {
    final AtomicLong files = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong matchedRecords = new AtomicLong();
    final AtomicLong failedRecords = new AtomicLong();
    final AtomicLong resumedFiles = new AtomicLong();
    final AtomicLong resumedBytes = new AtomicLong();
    final AtomicLong totalFiles = new AtomicLong(-1);
    final AtomicLong totalBytes = new AtomicLong(-1);

    ScanProgress() {}

    /** Files on disk finished in this run (each archive counts once). */
    public long files() {
        return files.get();
    }

    /** Records written in this run (archive entries included). */
    public long records() {
        return records.get();
    }

    /** Bytes of files on disk finished in this run. */
    public long bytes() {
        return bytes.get();
    }

    /** Records with a match, in this run. */
    public long matched() {
        return matchedRecords.get();
    }

    /** Records with an error, in this run. */
    public long failed() {
        return failedRecords.get();
    }

    /** Files on disk already finished by an earlier run, skipped by this one. */
    public long resumedFiles() {
        return resumedFiles.get();
    }

    /** Bytes of the files counted by {@link #resumedFiles()}, as far as known (0 before the walk reaches them). */
    public long resumedBytes() {
        return resumedBytes.get();
    }

    /** Files on disk under the scanned paths, or -1 until counted. */
    public long totalFiles() {
        return totalFiles.get();
    }

    /** Bytes of the files on disk under the scanned paths, or -1 until counted. */
    public long totalBytes() {
        return totalBytes.get();
    }
}
