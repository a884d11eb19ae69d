package io.hashmatch.service.exchange;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The entries of one served list by {@link EntryKey}: which entry numbers carry a given PDQ hash and MD5 digest, so
 * that a sync can count them and pick ones to remove. Built from a snapshot and a point of its delta, then kept up to
 * date from later points of the same delta ({@link #catchUp}); a new snapshot version (compaction renumbers) needs a
 * new index. Removed entries are filtered when read, against the view given.
 *
 * <p>An entry's key is its first whole-image PDQ hash and its first MD5 digest; entries with neither (SHA-1 or
 * SHA-256 only, videos) are not indexed: a sync never makes such entries.
 *
 * <p>Not thread-safe: owned by one sync.
 */
final class LiveListIndex {
    private static final int[] NONE = new int[0];

    private final String snapshotId;
    private final int baseEntries;
    private final Map<EntryKey, int[]> entries = new HashMap<>();
    private int seenAdded;

    private LiveListIndex(String snapshotId, int baseEntries) {
        this.snapshotId = snapshotId;
        this.baseEntries = baseEntries;
    }

    /** The index of {@code snapshot} and {@code view} (null: no changes). */
    static LiveListIndex build(HashListSnapshot snapshot, ListDelta.@Nullable View view) {
        int n = snapshot.entryCount();
        LiveListIndex index = new LiveListIndex(snapshot.id(), n);
        PdqHash[] pdqOf = new PdqHash[n];
        String[] md5Of = new String[n];
        for (int i = 0; i < snapshot.pdqCount(); i++) {
            int e = snapshot.pdqEntry(i);
            if (pdqOf[e] == null && snapshot.pdqVariant(i).isOriginal()) {
                pdqOf[e] = snapshot.pdqHash(i);
            }
        }
        for (long i = 0; i < snapshot.md5Count(); i++) {
            int e = snapshot.digestEntry(HashKind.MD5, i);
            if (md5Of[e] == null) {
                md5Of[e] = snapshot.digestHex(HashKind.MD5, i);
            }
        }
        for (int e = 0; e < n; e++) {
            if ((pdqOf[e] != null || md5Of[e] != null) && (view == null || !view.isRemoved(e))) {
                index.add(new EntryKey(pdqOf[e], md5Of[e]), e);
            }
        }
        if (view != null) {
            index.catchUp(view);
        }
        return index;
    }

    /** The snapshot this index numbers entries of. */
    String snapshotId() {
        return snapshotId;
    }

    /** Takes in the additions of {@code view} not seen yet (a later point of the same delta). */
    void catchUp(ListDelta.View view) {
        for (int k = seenAdded; k < view.added(); k++) {
            int e = baseEntries + k;
            PdqHash pdq = view.pdq(e);
            String md5 = view.md5(e);
            if ((pdq != null || md5 != null) && !view.isRemoved(e)) {
                add(new EntryKey(pdq, md5), e);
            }
        }
        seenAdded = Math.max(seenAdded, view.added());
    }

    /** Records that the sync added entry {@code entry} with {@code key} (its own append). */
    void added(EntryKey key, int entry, ListDelta.View view) {
        if (entry - baseEntries == seenAdded) {
            add(key, entry);
            seenAdded++;
        } else {
            catchUp(view);
        }
    }

    private void add(EntryKey key, int entry) {
        int[] old = entries.get(key);
        if (old == null) {
            entries.put(key, new int[] {entry});
        } else {
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = entry;
            entries.put(key, grown);
        }
    }

    /** The live entries of {@code key}, oldest first. */
    int[] live(EntryKey key, ListDelta.@Nullable View view) {
        int[] all = entries.getOrDefault(key, NONE);
        if (view == null || all.length == 0) {
            return all;
        }
        int[] live = new int[all.length];
        int n = 0;
        for (int e : all) {
            if (!view.isRemoved(e)) {
                live[n++] = e;
            }
        }
        if (n < all.length) {
            live = Arrays.copyOf(live, n);
            if (n == 0) {
                entries.remove(key);
            } else {
                entries.put(key, live);
            }
        }
        return live;
    }

    /** Live entries of {@code key}. */
    int count(EntryKey key, ListDelta.@Nullable View view) {
        return live(key, view).length;
    }

    /** Every key with its live count (for comparing a list with an import). */
    Map<EntryKey, Integer> counts(ListDelta.@Nullable View view) {
        Map<EntryKey, Integer> counts = new HashMap<>();
        for (EntryKey k : java.util.List.copyOf(entries.keySet())) {
            int c = count(k, view);
            if (c > 0) {
                counts.put(k, c);
            }
        }
        return counts;
    }
}
