package io.hashmatch.service.lists;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.ListDelta;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A seeded sequence of batches of changes to one live list, and the oracle of what the list holds after each: the
 * same seed gives the same batches in a test and in a child process it kills. Entry numbers are predicted (the k-th
 * addition ever is entry k of an empty list; compaction keeps numbers), so removals can name them.
 */
final class LiveBankScript {
    /** What the oracle knows of a live entry. */
    record Entry(PdqHash pdq, String md5, String category) {}

    private final Random random;
    private final Map<Integer, Entry> live = new LinkedHashMap<>();
    private int next;

    LiveBankScript(long seed) {
        this.random = new Random(seed);
    }

    /** The next batch: some additions, some removals of live entries. Call {@link #applied} once it committed. */
    List<ListDelta.Change> nextBatch() {
        List<ListDelta.Change> batch = new ArrayList<>();
        TreeSet<Integer> removing = new TreeSet<>();
        int size = 1 + random.nextInt(12);
        for (int i = 0; i < size; i++) {
            if (!live.isEmpty() && random.nextInt(3) == 0) {
                List<Integer> ids = new ArrayList<>(live.keySet());
                int id = ids.get(random.nextInt(ids.size()));
                if (removing.add(id)) {
                    batch.add(new ListDelta.Remove(id));
                }
            } else {
                byte[] md5 = new byte[16];
                random.nextBytes(md5);
                PdqHash pdq = PdqHash.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                batch.add(new ListDelta.Add(pdq, HexFormat.of().formatHex(md5), "", "c" + random.nextInt(3), null));
            }
        }
        return batch;
    }

    /** Records that {@code batch} (the last {@link #nextBatch}) committed. */
    void applied(List<ListDelta.Change> batch) {
        for (ListDelta.Change c : batch) {
            if (c instanceof ListDelta.Add a) {
                live.put(next++, new Entry(a.pdq(), a.md5(), a.category()));
            }
        }
        for (ListDelta.Change c : batch) {
            if (c instanceof ListDelta.Remove r) {
                live.remove(r.entry());
            }
        }
    }

    /** The live entries by number. */
    Map<Integer, Entry> live() {
        return Map.copyOf(live);
    }

    /** Entry numbers given out so far. */
    int numbersGiven() {
        return next;
    }
}
