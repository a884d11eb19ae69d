package io.hashmatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListCompaction;
import io.hashmatch.list.ListDelta;
import io.hashmatch.list.SnapshotWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A live list (snapshot + delta) matches exactly what a brute-force scan of its live entries finds, through random
 * additions and removals, after reopening the delta, and after compaction (with the entries renumbered).
 */
class LiveListOracleTest {
    @TempDir
    Path dir;

    /** The oracle's view of one entry. */
    record Entry(@Nullable PdqHash pdq, @Nullable String md5) {}

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261205, -7})
    void liveListEqualsBruteForce(long seed) throws Exception {
        Gen g = new Gen(seed);
        String why = "seed " + seed;
        Map<Integer, Entry> live = new LinkedHashMap<>();
        List<PdqHash> pool = new ArrayList<>();
        SnapshotWriter w = SnapshotWriter.create("live", "1");
        int baseCount = g.intIn(0, 300);
        for (int i = 0; i < baseCount; i++) {
            Entry e = entry(g, pool);
            int n = w.addEntry();
            if (e.pdq() != null) {
                w.addPdq(n, e.pdq());
            }
            if (e.md5() != null) {
                w.addMd5(n, e.md5());
            }
            live.put(n, e);
        }
        Path snap = dir.resolve("live.hmsnap");
        w.write(snap);
        try (HashListSnapshot base = HashListSnapshot.open(snap);
                ListDelta delta = ListDelta.open(ListDelta.pathFor(snap), base)) {
            Matcher matcher = Matcher.newBuilder()
                    .addList(base, ListSettings.DEFAULTS, delta)
                    .minQuality(0)
                    .build();
            int rounds = g.intIn(5, 30);
            for (int r = 0; r < rounds; r++) {
                List<ListDelta.Change> batch = new ArrayList<>();
                List<Entry> adding = new ArrayList<>();
                Set<Integer> removing = new TreeSet<>();
                int size = g.intIn(1, 40);
                for (int c = 0; c < size; c++) {
                    if (!live.isEmpty() && g.chance(0.4)) {
                        List<Integer> ids = new ArrayList<>(live.keySet());
                        int id = ids.get(g.intIn(0, ids.size() - 1));
                        if (removing.add(id)) {
                            batch.add(new ListDelta.Remove(id));
                        }
                    } else {
                        Entry e = entry(g, pool);
                        adding.add(e);
                        batch.add(new ListDelta.Add(e.pdq(), e.md5(), "label-" + r + "-" + c));
                    }
                }
                int[] ids = delta.append(batch);
                assertThat(ids).as(why).hasSize(adding.size());
                for (int i = 0; i < ids.length; i++) {
                    live.put(ids[i], adding.get(i));
                }
                removing.forEach(live::remove);
                check(matcher, live, g, pool, why + ", round " + r);
            }
            // the same state after reopening: replayed from the file
            try (ListDelta reopened = ListDelta.open(ListDelta.pathFor(snap), base)) {
                Matcher again = Matcher.newBuilder()
                        .addList(base, ListSettings.DEFAULTS, reopened)
                        .minQuality(0)
                        .build();
                check(again, live, g, pool, why + ", reopened");
                assertThat(reopened.view().liveEntries()).as(why).isEqualTo(live.size());
            }
            // compacted: the live entries in number order, renumbered
            Path next = dir.resolve("live.2.hmsnap");
            int[] renumbered = ListCompaction.compact(base, delta.view(), next, "2");
            try (HashListSnapshot compacted = HashListSnapshot.open(next)) {
                assertThat(compacted.entryCount()).as(why).isEqualTo(live.size());
                Map<Integer, Entry> byNewNumber = new LinkedHashMap<>();
                int expected = 0;
                for (Map.Entry<Integer, Entry> e : new java.util.TreeMap<>(live).entrySet()) {
                    assertThat(renumbered[e.getKey()]).as(why).isEqualTo(expected++);
                    byNewNumber.put(renumbered[e.getKey()], e.getValue());
                }
                Matcher m =
                        Matcher.newBuilder().addList(compacted).minQuality(0).build();
                check(m, byNewNumber, g, pool, why + ", compacted");
            }
        }
    }

    /** A random entry: PDQ, MD5 or both; PDQ often near an earlier one, so that searches find several. */
    private static Entry entry(Gen g, List<PdqHash> pool) {
        int kinds = g.intIn(1, 3);
        PdqHash pdq = null;
        if ((kinds & 1) != 0) {
            pdq = !pool.isEmpty() && g.chance(0.5) ? near(g, pool.get(g.intIn(0, pool.size() - 1)), 40) : random(g);
            pool.add(pdq);
        }
        String md5 = (kinds & 2) != 0 ? md5(g) : null;
        return new Entry(pdq, md5);
    }

    private static String md5(Gen g) {
        // few distinct digests, so that several entries share one
        return HexFormat.of().formatHex(new byte[15]) + String.format("%02x", g.intIn(0, 20));
    }

    private static PdqHash random(Gen g) {
        return PdqHash.of(g.anyLong(), g.anyLong(), g.anyLong(), g.anyLong());
    }

    private static PdqHash near(Gen g, PdqHash h, int maxFlips) {
        long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
        int flips = g.intIn(0, maxFlips);
        for (int i = 0; i < flips; i++) {
            int bit = g.intIn(0, 255);
            w[bit / 64] ^= 1L << (bit % 64);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    /** Queries near pool hashes, random ones and known digests: hits (entry, kind, distance) as brute force says. */
    private static void check(Matcher matcher, Map<Integer, Entry> live, Gen g, List<PdqHash> pool, String why) {
        for (int q = 0; q < 12; q++) {
            PdqHash pdq =
                    pool.isEmpty() || g.chance(0.2) ? random(g) : near(g, pool.get(g.intIn(0, pool.size() - 1)), 20);
            String md5 = g.chance(0.5) ? md5(g) : null;
            Query query = new Query("q", pdq, Query.QUALITY_UNKNOWN, md5, null, null);
            Set<String> expected = new TreeSet<>();
            live.forEach((id, e) -> {
                if (e.pdq() != null && e.pdq().distance(pdq) <= ListSettings.DEFAULT_MAX_DISTANCE) {
                    expected.add(id + " PDQ " + e.pdq().distance(pdq));
                }
                if (md5 != null && md5.equals(e.md5())) {
                    expected.add(id + " MD5 0");
                }
            });
            Set<String> actual = new TreeSet<>();
            for (MatchHit h : matcher.match(query).hits()) {
                actual.add(h.entry() + " " + h.kind() + " " + h.distance());
            }
            assertThat(actual).as(why + ", query " + q).isEqualTo(expected);
        }
    }
}
