package io.hashmatch.scan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a scan's journal holds at the end of a run: every record, in walk order (a file on disk, then the
 * entries of an archive in archive order), whatever the number of threads and however many runs it took.
 *
 * <p>Immutable; thread-safe.
 *
 * @param records all records of the journal, in walk order
 * @param runs the start time of each run: the first, then each resume
 * @param complete false when this run was cancelled before the walk was finished
 * @param resumedFiles files on disk this run skipped because an earlier run had finished them
 */
public record ScanResult(List<ScannedFile> records, List<Instant> runs, boolean complete, long resumedFiles) {
    /** Copies the lists. */
    public ScanResult {
        records = List.copyOf(records);
        runs = List.copyOf(runs);
        Objects.checkIndex(0, runs.size());
    }
}
