package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Folds a {@link ListDelta} into a new snapshot version: the live entries of the base snapshot and the delta, in entry
 * number order, renumbered 0, 1, 2, ... (removed entries leave no gap).
 *
 * <p>What a snapshot holds for matching is carried over: PDQ hashes, MD5/SHA-1/SHA-256 digests, videos, category,
 * source list and suppression flag. An addition's label becomes nothing in the snapshot (the caller keeps labels where
 * it keeps entry metadata); the base's metadata file is not rewritten either (see {@link HashListSnapshot#metadata()}).
 *
 * <p>Reads only immutable inputs (the snapshot and one {@link ListDelta.View}), so lookups and appends continue while it
 * runs; the new file appears atomically ({@link FramedFile}). Stateless; thread-safe.
 */
public final class ListCompaction {
    private ListCompaction() {}

    /**
     * Writes the compacted snapshot to {@code target}.
     *
     * @param base the snapshot {@code delta} applies to
     * @param delta the point of the delta to fold in
     * @param target the new snapshot file
     * @param version the new snapshot's version label
     * @return for each old entry number (base, then additions), its new number, or -1 if it was removed
     * @throws IllegalArgumentException if the view is not of a delta of {@code base}
     * @throws IOException if the file cannot be written
     */
    public static int[] compact(HashListSnapshot base, ListDelta.View delta, Path target, String version)
            throws IOException {
        Objects.requireNonNull(version, "version");
        if (delta.baseEntries() != base.entryCount()) {
            throw new IllegalArgumentException("the delta applies to a snapshot of " + delta.baseEntries()
                    + " entries, not this one of " + base.entryCount());
        }
        SnapshotWriter w = SnapshotWriter.create(base.name(), version);
        int total = base.entryCount() + delta.added();
        int[] renumbered = new int[total];
        for (int e = 0; e < total; e++) {
            if (delta.isRemoved(e)) {
                renumbered[e] = -1;
            } else if (e < base.entryCount()) {
                renumbered[e] = w.addEntry(base.category(e), base.sourceList(e), base.isSuppression(e));
            } else {
                renumbered[e] = w.addEntry();
            }
        }
        for (int i = 0; i < base.pdqCount(); i++) {
            int to = renumbered[base.pdqEntry(i)];
            if (to >= 0) {
                w.addPdq(to, base.pdqHash(i));
            }
        }
        copyExact(base.md5Table(), renumbered, w::addMd5);
        copyExact(base.sha1Table(), renumbered, w::addSha1);
        copyExact(base.sha256Table(), renumbered, w::addSha256);
        for (int v = 0; v < base.videoCount(); v++) {
            int to = renumbered[base.videoEntry(v)];
            if (to >= 0) {
                w.addVideo(to, base.videoFrames(v));
            }
        }
        for (int e = base.entryCount(); e < total; e++) {
            int to = renumbered[e];
            if (to < 0) {
                continue;
            }
            PdqHash pdq = delta.pdq(e);
            if (pdq != null) {
                w.addPdq(to, pdq);
            }
            String md5 = delta.md5(e);
            if (md5 != null) {
                w.addMd5(to, md5);
            }
        }
        w.write(target);
        return renumbered;
    }

    /** One of the writer's {@code addMd5}/{@code addSha1}/{@code addSha256}. */
    @FunctionalInterface
    private interface ExactAdder {
        void add(int entry, String hex);
    }

    /** Copies a digest table in record order (the writer sorts it again). */
    private static void copyExact(ExactHashTable table, int[] renumbered, ExactAdder add) {
        for (long i = 0; i < table.size(); i++) {
            int to = renumbered[table.entryAt(i)];
            if (to >= 0) {
                add.add(to, table.digestHex(i));
            }
        }
    }
}
