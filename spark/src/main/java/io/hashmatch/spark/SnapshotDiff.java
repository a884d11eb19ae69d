package io.hashmatch.spark;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entries of a list added between two versions, as a small snapshot of their own (the <i>delta</i>), so that a
 * retro-scan after a list update searches only those.
 *
 * <p>An entry of the new version counts as <b>added</b> when one of its hashes (PDQ, MD5, SHA-1, SHA-256) is not in
 * the old version. The delta holds the added entries with all their hashes, category, source and suppression flag,
 * and also every suppression entry of the new version (added or not), so that a stored hash near an old
 * suppression entry is suppressed exactly as in a full scan. {@link #entries()} maps each delta entry to its
 * number in the new version: {@code e} for an added entry, {@code -(e + 1)} for an old suppression entry, whose
 * hits are used for suppression but not reported. Matching the delta and keeping the hits on added entries gives
 * the hits of a full scan of the new version on its added entries, with the same distances and suppression.
 *
 * <p>Memory on the driver: the old version's hashes in hash sets (about 100 bytes per hash), and the delta.
 */
final class SnapshotDiff {
    private final int[] entries;
    private final int added;

    private SnapshotDiff(int[] entries, int added) {
        this.entries = entries;
        this.added = added;
    }

    /** Delta entry number to entry number in the new version (negative, {@code -(e + 1)}, for old suppression entries). */
    int[] entries() {
        return entries;
    }

    /** Number of entries added since the old version. */
    int added() {
        return added;
    }

    /**
     * Writes the delta of {@code newer} over {@code older} to {@code target}, under the new version's name and version.
     *
     * @throws IllegalArgumentException if the two snapshots are not of the same list (name)
     * @throws IOException if the delta cannot be written
     */
    static SnapshotDiff write(HashListSnapshot older, HashListSnapshot newer, Path target) throws IOException {
        if (!older.name().equals(newer.name())) {
            throw new IllegalArgumentException("--since-version: snapshot of list '" + older.name()
                    + "' is not an earlier version of list '" + newer.name() + "'");
        }
        boolean[] isAdded = new boolean[newer.entryCount()];
        Set<PdqHash> oldPdq = new HashSet<>(Math.max(16, older.pdqCount() * 2));
        for (int i = 0; i < older.pdqCount(); i++) {
            oldPdq.add(older.pdqHash(i));
        }
        for (int i = 0; i < newer.pdqCount(); i++) {
            if (!oldPdq.contains(newer.pdqHash(i))) {
                isAdded[newer.pdqEntry(i)] = true;
            }
        }
        for (HashKind kind : List.of(HashKind.MD5, HashKind.SHA1, HashKind.SHA256)) {
            Set<String> oldDigests = new HashSet<>();
            for (long i = 0, n = count(older, kind); i < n; i++) {
                oldDigests.add(older.digestHex(kind, i));
            }
            for (long i = 0, n = count(newer, kind); i < n; i++) {
                if (!oldDigests.contains(newer.digestHex(kind, i))) {
                    isAdded[newer.digestEntry(kind, i)] = true;
                }
            }
        }
        SnapshotWriter w = SnapshotWriter.create(newer.name(), newer.version());
        int[] deltaOf = new int[newer.entryCount()];
        int[] entries = new int[newer.entryCount()];
        int added = 0;
        for (int e = 0; e < newer.entryCount(); e++) {
            deltaOf[e] = -1;
            if (isAdded[e] || newer.isSuppression(e)) {
                int d = w.addEntry(newer.category(e), newer.sourceList(e), newer.isSuppression(e));
                deltaOf[e] = d;
                entries[d] = isAdded[e] ? e : -(e + 1);
                if (isAdded[e]) {
                    added++;
                }
            }
        }
        for (int i = 0; i < newer.pdqCount(); i++) {
            int d = deltaOf[newer.pdqEntry(i)];
            if (d >= 0) {
                w.addPdq(d, newer.pdqHash(i));
            }
        }
        for (HashKind kind : List.of(HashKind.MD5, HashKind.SHA1, HashKind.SHA256)) {
            for (long i = 0, n = count(newer, kind); i < n; i++) {
                int d = deltaOf[newer.digestEntry(kind, i)];
                if (d < 0) {
                    continue;
                }
                String hex = newer.digestHex(kind, i);
                switch (kind) {
                    case MD5 -> w.addMd5(d, hex);
                    case SHA1 -> w.addSha1(d, hex);
                    default -> w.addSha256(d, hex);
                }
            }
        }
        w.write(target);
        return new SnapshotDiff(java.util.Arrays.copyOf(entries, w.entryCount()), added);
    }

    private static long count(HashListSnapshot s, HashKind kind) {
        return switch (kind) {
            case MD5 -> s.md5Count();
            case SHA1 -> s.sha1Count();
            case SHA256 -> s.sha256Count();
            case PDQ, PHOTODNA -> throw new IllegalArgumentException(kind.toString());
        };
    }
}
