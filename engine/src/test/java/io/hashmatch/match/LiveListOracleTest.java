package io.hashmatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListCompaction;
import io.hashmatch.list.ListDelta;
import io.hashmatch.list.SnapshotWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * additions and removals with compactions in between, after reopening the delta, and after each compaction (entry
 * numbers kept, categories, labels and dates carried into the new version); and with deltas large enough for their
 * additions to be indexed in the background, whether or not the index has caught up. Seeded; the seed is in every
 * failure.
 */
class LiveListOracleTest {
    @TempDir
    Path dir;

    /** The oracle's view of one entry. */
    record Entry(
            @Nullable PdqHash pdq,
            @Nullable String md5,
            @Nullable String category,
            String label) {}

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261205, -7, 20261206, 99})
    void liveListEqualsBruteForce(long seed) throws Exception {
        try {
            run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("seed " + seed + ": " + e, e);
        }
    }

    private void run(long seed) throws Exception {
        Gen g = new Gen(seed);
        String why = "seed " + seed;
        Map<Integer, Entry> live = new LinkedHashMap<>();
        List<PdqHash> pool = new ArrayList<>();
        int baseCount = g.intIn(0, 300);
        Path snap = writeBase("live", baseCount, g, pool, live);
        HashListSnapshot base = HashListSnapshot.open(snap);
        ListDelta delta = ListDelta.open(ListDelta.pathFor(snap), base);
        int next = baseCount;
        Path current = snap;
        try {
            Matcher matcher = matcher(base, delta);
            int rounds = g.intIn(5, 40);
            int version = 1;
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
                        Entry e = entry(g, pool, g.chance(0.5) ? "label-" + r + "-" + c : "");
                        adding.add(e);
                        batch.add(new ListDelta.Add(e.pdq(), e.md5(), e.label(), e.category(), DATE.plusSeconds(c)));
                    }
                }
                int[] ids = delta.append(batch);
                assertThat(ids).as(why).hasSize(adding.size());
                for (int i = 0; i < ids.length; i++) {
                    assertThat(ids[i]).as(why + ": numbers are never reused").isEqualTo(next++);
                    live.put(ids[i], adding.get(i));
                }
                removing.forEach(live::remove);
                check(matcher, live, g, pool, why + ", round " + r);
                if (g.chance(0.25)) {
                    // compacted: every number kept, removed ones empty
                    version++;
                    Path target = dir.resolve("live." + version + ".hmsnap");
                    ListCompaction.compact(base, delta.view(), target, Integer.toString(version));
                    delta.close();
                    base.close();
                    base = HashListSnapshot.open(target);
                    current = target;
                    delta = ListDelta.open(ListDelta.pathFor(target), base);
                    assertThat(base.entryCount()).as(why).isEqualTo(next);
                    checkCarried(base, live, why + ", compaction " + version);
                    matcher = matcher(base, delta);
                    check(matcher, live, g, pool, why + ", compacted into " + version);
                }
            }
            // the same state after reopening: replayed from the file
            try (ListDelta reopened = ListDelta.open(ListDelta.pathFor(current), base)) {
                check(matcher(base, reopened), live, g, pool, why + ", reopened");
                int holes = 0;
                for (int e = 0; e < base.entryCount(); e++) {
                    holes += base.isRemoved(e) ? 1 : 0;
                }
                assertThat(reopened.view().liveEntries() - holes).as(why).isEqualTo(live.size());
            }
        } finally {
            delta.close();
            base.close();
        }
    }

    private static final java.time.Instant DATE = java.time.Instant.parse("2026-12-06T00:00:00Z");

    private static Matcher matcher(HashListSnapshot base, ListDelta delta) {
        return Matcher.newBuilder()
                .addList(base, ListSettings.DEFAULTS, delta)
                .minQuality(0)
                .build();
    }

    /** What compaction must keep of each entry: removed ones empty, the others' category, label and date. */
    private static void checkCarried(HashListSnapshot s, Map<Integer, Entry> live, String why) throws Exception {
        boolean anyLabel = live.values().stream().anyMatch(e -> !e.label().isEmpty());
        for (int e = 0; e < s.entryCount(); e++) {
            Entry o = live.get(e);
            assertThat(s.isRemoved(e)).as(why + ", entry " + e + " removed").isEqualTo(o == null);
            if (o == null) {
                continue;
            }
            assertThat(s.category(e)).as(why + ", entry " + e).isEqualTo(o.category());
            if (anyLabel && !o.label().isEmpty()) {
                var m = s.metadata().get(e).orElseThrow();
                assertThat(m.externalId()).as(why + ", entry " + e).isEqualTo(o.label());
                assertThat(m.category()).as(why + ", entry " + e).isEqualTo(o.category());
                assertThat(m.dateAdded()).as(why + ", entry " + e).isNotNull();
            }
        }
    }

    /** A random entry: PDQ, MD5 or both, maybe a category; PDQ often near an earlier one, so that searches find several. */
    private static Entry entry(Gen g, List<PdqHash> pool, String label) {
        int kinds = g.intIn(1, 3);
        PdqHash pdq = null;
        if ((kinds & 1) != 0) {
            pdq = !pool.isEmpty() && g.chance(0.5) ? near(g, pool.get(g.intIn(0, pool.size() - 1)), 40) : random(g);
            pool.add(pdq);
        }
        String md5 = (kinds & 2) != 0 ? md5(g) : null;
        String category = g.chance(0.3) ? null : "cat-" + g.intIn(0, 3);
        return new Entry(pdq, md5, category, label);
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

    /**
     * Deltas large enough to be indexed (thousands of PDQ additions, so the background index is built and rebuilt):
     * searched right after each append (the index behind the additions), after the index caught up, and through a
     * view older than the index, at radii the planner indexes (0, 16, 31) and one it scans (64): always the brute-force
     * answer over the live entries of that moment.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 20261206, -3})
    void indexedAdditionsEqualBruteForce(long seed) throws Exception {
        try {
            runIndexed(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("seed " + seed + ": " + e, e);
        }
    }

    /** Writes version 1 of list {@code name}: {@code count} generated entries, each recorded in {@code live}. */
    private Path writeBase(String name, int count, Gen g, List<PdqHash> pool, Map<Integer, Entry> live)
            throws IOException {
        SnapshotWriter w = SnapshotWriter.create(name, "1");
        for (int i = 0; i < count; i++) {
            Entry e = entry(g, pool, "");
            int n = w.addEntry(e.category(), null, false);
            if (e.pdq() != null) {
                w.addPdq(n, e.pdq());
            }
            if (e.md5() != null) {
                w.addMd5(n, e.md5());
            }
            live.put(n, e);
        }
        Path snap = dir.resolve(name + ".1.hmsnap");
        w.write(snap);
        return snap;
    }

    private void runIndexed(long seed) throws Exception {
        Gen g = new Gen(seed);
        String why = "seed " + seed;
        Map<Integer, Entry> live = new LinkedHashMap<>();
        List<PdqHash> pool = new ArrayList<>();
        int baseCount = g.intIn(0, 2000);
        Path snap = writeBase("indexed", baseCount, g, pool, live);
        int[] radii = {0, 16, 31, 64};
        ListDelta.View oldView = null;
        Map<Integer, Entry> oldLive = null;
        try (HashListSnapshot base = HashListSnapshot.open(snap);
                ListDelta delta = ListDelta.open(ListDelta.pathFor(snap), base)) {
            int rounds = g.intIn(6, 12);
            for (int r = 0; r < rounds; r++) {
                List<ListDelta.Change> batch = new ArrayList<>();
                List<Entry> adding = new ArrayList<>();
                Set<Integer> removing = new TreeSet<>();
                int size = g.intIn(200, 4000);
                List<Integer> ids = new ArrayList<>(live.keySet());
                for (int c = 0; c < size; c++) {
                    if (!ids.isEmpty() && g.chance(0.1)) {
                        int id = ids.get(g.intIn(0, ids.size() - 1));
                        if (removing.add(id)) {
                            batch.add(new ListDelta.Remove(id));
                        }
                    } else {
                        Entry e = entry(g, pool, "");
                        adding.add(e);
                        batch.add(new ListDelta.Add(e.pdq(), e.md5(), e.label()));
                    }
                }
                int[] added = delta.append(batch);
                for (int i = 0; i < added.length; i++) {
                    live.put(added[i], adding.get(i));
                }
                removing.forEach(live::remove);
                String at = why + ", round " + r;
                if (g.chance(0.5)) {
                    assertThat(delta.awaitIndex(Duration.ofMinutes(2)))
                            .as(at + ": index caught up")
                            .isTrue();
                    at += " (indexed)";
                }
                for (int radius : radii) {
                    Matcher m = Matcher.newBuilder()
                            .addList(base, ListSettings.DEFAULTS.withMaxDistance(radius), delta)
                            .minQuality(0)
                            .build();
                    checkPdq(m, live, radius, g, pool, at + ", radius " + radius);
                }
                if (oldView == null && r >= 1) {
                    oldView = delta.view();
                    oldLive = new LinkedHashMap<>(live);
                }
            }
            // a view taken before later appends, searched with the index built since: only its own additions
            assertThat(delta.awaitIndex(Duration.ofMinutes(2))).as(why).isTrue();
            if (oldView != null && oldLive != null) {
                for (int q = 0; q < 12; q++) {
                    PdqHash pdq = near(g, pool.get(g.intIn(0, pool.size() - 1)), 20);
                    Set<String> expected = new TreeSet<>();
                    oldLive.forEach((id, e) -> {
                        if (id >= baseCount && e.pdq() != null && e.pdq().distance(pdq) <= 31) {
                            expected.add(id + " " + e.pdq().distance(pdq));
                        }
                    });
                    Set<String> actual = new TreeSet<>();
                    long[] words = {pdq.word(0), pdq.word(1), pdq.word(2), pdq.word(3)};
                    oldView.searchPdq(words, 1, 31, (query, entry, d) -> actual.add(entry + " " + d));
                    assertThat(actual).as(why + ", old view, query " + q).isEqualTo(expected);
                }
            }
        }
    }

    /** PDQ hits (entry, distance) of queries near pool hashes or random, against brute force at {@code radius}. */
    private static void checkPdq(
            Matcher matcher, Map<Integer, Entry> live, int radius, Gen g, List<PdqHash> pool, String why) {
        List<Query> queries = new ArrayList<>();
        for (int q = 0; q < 12; q++) {
            PdqHash pdq = g.chance(0.2) ? random(g) : near(g, pool.get(g.intIn(0, pool.size() - 1)), 20);
            queries.add(new Query("q" + q, pdq, Query.QUALITY_UNKNOWN, null, null, null));
        }
        List<MatchResult> results = matcher.match(queries);
        for (int q = 0; q < queries.size(); q++) {
            PdqHash pdq = java.util.Objects.requireNonNull(queries.get(q).pdq());
            Set<String> expected = new TreeSet<>();
            live.forEach((id, e) -> {
                if (e.pdq() != null && e.pdq().distance(pdq) <= radius) {
                    expected.add(id + " " + e.pdq().distance(pdq));
                }
            });
            Set<String> actual = new TreeSet<>();
            for (MatchHit h : results.get(q).hits()) {
                actual.add(h.entry() + " " + h.distance());
            }
            assertThat(actual).as(why + ", query " + q).isEqualTo(expected);
        }
    }
}
