package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.metadata.EncodedMetadata;
import io.hashmatch.list.metadata.EntryMetadata;
import io.hashmatch.list.metadata.EntryMetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Folds a {@link ListDelta} into a new snapshot version, keeping every entry number: entry e of the new snapshot is
 * entry e of the base + delta, and an entry removed by then stays as an empty, removed entry
 * ({@link HashListSnapshot#isRemoved}). So numbers given out (an HMA bank's content ids, a sync's entries) stay valid
 * across compactions, and the additions appended while a compaction ran can be appended again to the new version's
 * delta with the same numbers ({@link ListDelta.View#changesSince}). A removed entry costs 9 bytes of the new snapshot
 * (its flags, category and source codes); a re-import renumbers.
 *
 * <p>Everything the list holds is carried over: PDQ hashes with their variants and qualities, MD5/SHA-1/SHA-256
 * digests, videos, category, source list and suppression flag; the base's metadata store records of the entries that
 * stay; and of each addition its category (in the snapshot) and its label, date and details (in the new metadata
 * store: external id, date added and details). The metadata store is written, named after the new snapshot's id, before the snapshot
 * file appears, and only when some entry has a record.
 *
 * <p>Reads only immutable inputs (the snapshot and one {@link ListDelta.View}), so lookups and appends continue while it
 * runs; the new files appear atomically ({@link FramedFile}). Stateless; thread-safe.
 */
public final class ListCompaction {
    private ListCompaction() {}

    /**
     * Writes the compacted snapshot to {@code target} (and its metadata store beside it, if any entry has metadata).
     *
     * @param base the snapshot {@code delta} applies to
     * @param delta the point of the delta to fold in
     * @param target the new snapshot file
     * @param version the new snapshot's version label
     * @throws IllegalArgumentException if the view is not of a delta of {@code base}
     * @throws IOException if a file cannot be read or written
     */
    public static void compact(HashListSnapshot base, ListDelta.View delta, Path target, String version)
            throws IOException {
        Objects.requireNonNull(version, "version");
        if (delta.baseEntries() != base.entryCount()) {
            throw new IllegalArgumentException("the delta applies to a snapshot of " + delta.baseEntries()
                    + " entries, not this one of " + base.entryCount());
        }
        SnapshotWriter w = SnapshotWriter.create(base.name(), version);
        int baseEntries = base.entryCount();
        int total = baseEntries + delta.added();
        boolean[] live = new boolean[total];
        for (int e = 0; e < total; e++) {
            live[e] = !delta.isRemoved(e) && !(e < baseEntries && base.isRemoved(e));
            if (!live[e]) {
                w.addRemovedEntry();
            } else if (e < baseEntries) {
                w.addEntry(base.category(e), base.sourceList(e), base.isSuppression(e));
            } else {
                w.addEntry(delta.category(e), null, false);
            }
        }
        for (int i = 0; i < base.pdqCount(); i++) {
            int e = base.pdqEntry(i);
            if (live[e]) {
                w.addPdq(e, base.pdqHash(i), base.pdqVariant(i), base.pdqQuality(i));
            }
        }
        copyExact(base.md5Table(), live, w::addMd5);
        copyExact(base.sha1Table(), live, w::addSha1);
        copyExact(base.sha256Table(), live, w::addSha256);
        for (int v = 0; v < base.videoCount(); v++) {
            int e = base.videoEntry(v);
            if (live[e]) {
                w.addVideo(e, base.videoFrames(v));
            }
        }
        for (int e = baseEntries; e < total; e++) {
            if (!live[e]) {
                continue;
            }
            PdqHash pdq = delta.pdq(e);
            if (pdq != null) {
                w.addPdq(e, pdq);
            }
            String md5 = delta.md5(e);
            if (md5 != null) {
                w.addMd5(e, md5);
            }
        }
        EncodedMetadata metadata = metadata(base, delta, live);
        byte[] id = FramedFile.newId();
        if (metadata == null) {
            w.write(target, id);
            return;
        }
        Path metadataFile = HashListSnapshot.metadataPath(target, id);
        boolean written = false;
        try {
            EntryMetadataStore.write(metadataFile, metadata);
            w.write(target, id);
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(metadataFile);
            }
        }
    }

    /** The metadata store's values by entry, or null when no entry has a record. */
    private static @Nullable EncodedMetadata metadata(HashListSnapshot base, ListDelta.View delta, boolean[] live)
            throws IOException {
        boolean any = false;
        EncodedMetadata values = new EncodedMetadata();
        EntryMetadataStore store = Files.exists(base.metadataPath()) ? base.metadata() : null;
        for (int e = 0; e < live.length; e++) {
            if (!live[e]) {
                values.addNone();
            } else if (e < base.entryCount()) {
                Optional<EntryMetadata> m = store == null ? Optional.empty() : store.get(e);
                if (m.isPresent()) {
                    values.add(m.get());
                    any = true;
                } else {
                    values.addNone();
                }
            } else {
                String label = delta.label(e);
                Instant date = delta.date(e);
                String details = delta.details(e);
                if (label.isEmpty() && date == null && details == null) {
                    values.addNone();
                } else {
                    values.add(label.isEmpty() ? null : label, delta.category(e), null, date, List.of(), null, details);
                    any = true;
                }
            }
        }
        return any ? values : null;
    }

    /** One of the writer's {@code addMd5}/{@code addSha1}/{@code addSha256}. */
    @FunctionalInterface
    private interface ExactAdder {
        void add(int entry, String hex);
    }

    /** Copies a digest table in record order (the writer sorts it again). */
    private static void copyExact(ExactHashTable table, boolean[] live, ExactAdder add) {
        for (long i = 0; i < table.size(); i++) {
            int e = table.entryAt(i);
            if (live[e]) {
                add.add(e, table.digestHex(i));
            }
        }
    }
}
