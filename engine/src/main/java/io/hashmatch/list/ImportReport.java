package io.hashmatch.list;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.ListWarning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ListImporter#importLists} wrote.
 *
 * <p>Immutable; thread-safe.
 *
 * @param snapshot the snapshot file written
 * @param metadata the metadata file written beside it ({@link HashListSnapshot#metadataPath()})
 * @param id the snapshot's file id (32 hex digits; {@link HashListSnapshot#id()})
 * @param entries number of entries (records of all sources together)
 * @param entriesPerSource entries of each source, in the order given
 * @param hashes number of hashes per kind; every kind is present (0 when none). PhotoDNA hashes are counted,
 *     kept in the metadata, never matched
 * @param warnings what the readers skipped or merged, each with file and line
 * @param elapsed wall-clock time of the import (reading twice, writing both files)
 */
public record ImportReport(
        Path snapshot,
        Path metadata,
        String id,
        int entries,
        List<Long> entriesPerSource,
        Map<HashKind, Long> hashes,
        List<ListWarning> warnings,
        Duration elapsed) {

    /** Copies the collections; fills missing kinds with 0. */
    public ImportReport {
        entriesPerSource = List.copyOf(entriesPerSource);
        EnumMap<HashKind, Long> all = new EnumMap<>(HashKind.class);
        for (HashKind k : HashKind.values()) {
            all.put(k, hashes.getOrDefault(k, 0L));
        }
        hashes = Collections.unmodifiableMap(all);
        warnings = List.copyOf(warnings);
    }
}
