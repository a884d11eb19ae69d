package io.hashmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matcher equals a brute-force oracle over all lists, for random lists, settings, strategies and queries; with
 * {@link MatchLimits}, each result is the oracle's cut to the limit and the budgets fail exactly when exceeded.
 */
@ExtendWith(Seeds.Report.class)
class MatcherOraclePropertyTest {

    /** A random list as the oracle sees it. */
    record Model(
            String name,
            PdqHash[] pdq,
            int[] pdqEntry,
            String[] md5,
            String[] category,
            boolean[] suppression,
            ListSettings settings) {}

    static Stream<Long> matcherEqualsBruteForceOracle() {
        return Seeds.of("MatcherOraclePropertyTest.matcherEqualsBruteForceOracle", 40);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void matcherEqualsBruteForceOracle(long seed) throws Exception {
        int strategyCode = new Gen(seed).intIn(0, 3);
        Random r = new Random(seed);
        Path dir = Files.createTempDirectory("oracle");
        List<HashListSnapshot> open = new ArrayList<>();
        try {
            List<Model> models = new ArrayList<>();
            int lists = 1 + r.nextInt(3);
            List<PdqHash> pool = new ArrayList<>();
            for (int l = 0; l < lists; l++) {
                Model m = randomList("list" + l, r, pool);
                models.add(m);
                Path file = dir.resolve(m.name() + ".hmsnap");
                write(m, file);
                open.add(HashListSnapshot.open(file));
            }
            int minQuality = r.nextInt(80);
            IndexStrategy strategy = strategyCode == 3 ? null : IndexStrategy.values()[strategyCode];
            Matcher.Builder b = Matcher.newBuilder().minQuality(minQuality).strategy(strategy);
            for (int l = 0; l < lists; l++) {
                b.addList(open.get(l), models.get(l).settings());
            }
            Matcher matcher = b.build();
            List<Query> queries = new ArrayList<>();
            for (int q = 0; q < 30; q++) {
                queries.add(randomQuery(r, pool, models));
            }
            List<MatchResult> batch = matcher.match(queries);
            for (int q = 0; q < queries.size(); q++) {
                MatchResult expected = oracle(queries.get(q), models, minQuality);
                assertThat(batch.get(q)).as("seed %d query %d", seed, q).isEqualTo(expected);
                assertThat(matcher.match(queries.get(q))).isEqualTo(expected);
            }
            checkLimits(matcher, queries, models, minQuality, new Random(~seed), seed);
        } finally {
            for (HashListSnapshot s : open) {
                s.close();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * The limited calls against the oracle: hits cut to a random per-query limit (compacting every few hits), the
     * total-hit budget failing exactly when the kept hits exceed it, the examined budget when the raw hits do.
     */
    private static void checkLimits(
            Matcher matcher, List<Query> queries, List<Model> models, int minQuality, Random r, long seed) {
        int perQuery = 1 + r.nextInt(4);
        List<MatchResult> expected = new ArrayList<>();
        long keptHits = 0;
        long rawHits = 0;
        for (Query q : queries) {
            MatchResult e = limited(oracle(q, models, minQuality), perQuery, models);
            expected.add(e);
            keptHits += e.hits().size();
            rawHits += rawHits(q, models, minQuality);
        }
        assertThat(matcher.match(queries, new MatchLimits(perQuery, Long.MAX_VALUE, Long.MAX_VALUE)))
                .as("seed %d limit %d", seed, perQuery)
                .isEqualTo(expected);
        long hitBudget = 1 + r.nextInt((int) keptHits + 2);
        MatchLimits hitLimits = new MatchLimits(perQuery, hitBudget, Long.MAX_VALUE);
        if (keptHits > hitBudget) {
            assertThatThrownBy(() -> matcher.match(queries, hitLimits))
                    .as("seed %d: %d hits kept, budget %d", seed, keptHits, hitBudget)
                    .isInstanceOf(MatchBudgetException.class)
                    .hasMessage("the answer would hold more than " + hitBudget + " hits");
        } else {
            assertThat(matcher.match(queries, hitLimits)).isEqualTo(expected);
        }
        assertThat(matcher.match(queries, new MatchLimits(perQuery, Long.MAX_VALUE, Math.max(1, rawHits))))
                .isEqualTo(expected);
        if (rawHits > 1) {
            MatchLimits tooFew = new MatchLimits(perQuery, Long.MAX_VALUE, rawHits - 1);
            assertThatThrownBy(() -> matcher.match(queries, tooFew))
                    .as("seed %d: %d raw hits", seed, rawHits)
                    .isInstanceOf(MatchBudgetException.class)
                    .extracting(e -> ((MatchBudgetException) e).budget())
                    .isEqualTo(MatchBudgetException.Budget.EXAMINED);
        }
    }

    /** The documented cut of a complete result: its first hits, then its nearest suppression hit if none of them is. */
    static MatchResult limited(MatchResult full, int perQuery, List<Model> models) {
        List<MatchHit> kept = new ArrayList<>(
                full.hits().subList(0, Math.min(perQuery, full.hits().size())));
        if (kept.stream().noneMatch(MatchHit::suppressing)) {
            full.hits().stream().filter(MatchHit::suppressing).findFirst().ifPresent(kept::add);
        }
        return new MatchResult(
                full.query(), full.lowQuality(), kept, full.hits().size() > kept.size());
    }

    /** The raw hits the searches report: each PDQ hash of a list within its distance, each equal digest. */
    static long rawHits(Query q, List<Model> models, int minQuality) {
        boolean low = q.pdq() != null && q.quality() != Query.QUALITY_UNKNOWN && q.quality() < minQuality;
        long n = 0;
        for (Model m : models) {
            if (q.pdq() != null && !low) {
                for (PdqHash h : m.pdq()) {
                    n += h.distance(q.pdq()) <= m.settings().maxDistance() ? 1 : 0;
                }
            }
            for (String md5 : m.md5()) {
                n += q.md5() != null && q.md5().equals(md5) ? 1 : 0;
            }
        }
        return n;
    }

    static Model randomList(String name, Random r, List<PdqHash> pool) {
        int n = r.nextInt(60);
        List<PdqHash> pdq = new ArrayList<>();
        List<Integer> pdqEntry = new ArrayList<>();
        String[] md5 = new String[n];
        String[] category = new String[n];
        boolean[] suppression = new boolean[n];
        for (int e = 0; e < n; e++) {
            int hashes = r.nextInt(3); // 0: PDQ only, 1: MD5 only, 2: both (and sometimes a second PDQ)
            if (hashes != 1) {
                PdqHash h = !pool.isEmpty() && r.nextInt(3) == 0
                        ? near(pool.get(r.nextInt(pool.size())), r.nextInt(40), r)
                        : PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
                pool.add(h);
                pdq.add(h);
                pdqEntry.add(e);
                if (r.nextInt(10) == 0) {
                    pdq.add(near(h, r.nextInt(20), r));
                    pdqEntry.add(e);
                }
            }
            if (hashes != 0) {
                md5[e] = r.nextInt(4) == 0 ? "00000000000000000000000000000001" : hex(r, 16); // shared digests too
            }
            category[e] = r.nextInt(3) == 0 ? null : "c" + r.nextInt(3);
            suppression[e] = r.nextInt(15) == 0;
        }
        ListSettings settings = new ListSettings(r.nextInt(40), r.nextInt(5) == 0);
        return new Model(
                name,
                pdq.toArray(new PdqHash[0]),
                pdqEntry.stream().mapToInt(Integer::intValue).toArray(),
                md5,
                category,
                suppression,
                settings);
    }

    static void write(Model m, Path file) throws Exception {
        SnapshotWriter w = SnapshotWriter.create(m.name(), "1");
        for (int e = 0; e < m.md5().length; e++) {
            w.addEntry(m.category()[e], m.name() + "-src", m.suppression()[e]);
            if (m.md5()[e] != null) {
                w.addMd5(e, m.md5()[e]);
            }
        }
        for (int i = 0; i < m.pdq().length; i++) {
            w.addPdq(m.pdqEntry()[i], m.pdq()[i]);
        }
        w.write(file);
    }

    static Query randomQuery(Random r, List<PdqHash> pool, List<Model> models) {
        PdqHash pdq = pool.isEmpty() || r.nextInt(4) == 0
                ? PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong())
                : near(pool.get(r.nextInt(pool.size())), r.nextInt(45), r);
        String md5 = null;
        if (r.nextBoolean()) {
            Model m = models.get(r.nextInt(models.size()));
            md5 = m.md5().length == 0 || r.nextInt(4) == 0 ? hex(r, 16) : m.md5()[r.nextInt(m.md5().length)];
        }
        int quality = r.nextInt(3) == 0 ? Query.QUALITY_UNKNOWN : r.nextInt(101);
        boolean withPdq = md5 == null || r.nextBoolean();
        return new Query("q", withPdq ? pdq : null, withPdq ? quality : Query.QUALITY_UNKNOWN, md5, null, null);
    }

    /** The documented rules, computed the slow way. */
    static MatchResult oracle(Query q, List<Model> models, int minQuality) {
        boolean low = q.pdq() != null && q.quality() != Query.QUALITY_UNKNOWN && q.quality() < minQuality;
        record Raw(int list, int entry, int distance, HashKind kind) {}
        List<Raw> raw = new ArrayList<>();
        for (int l = 0; l < models.size(); l++) {
            Model m = models.get(l);
            for (int e = 0; e < m.md5().length; e++) {
                if (q.pdq() != null && !low) {
                    int best = Integer.MAX_VALUE;
                    for (int i = 0; i < m.pdq().length; i++) {
                        if (m.pdqEntry()[i] == e) {
                            best = Math.min(best, m.pdq()[i].distance(q.pdq()));
                        }
                    }
                    if (best <= m.settings().maxDistance()) {
                        raw.add(new Raw(l, e, best, HashKind.PDQ));
                    }
                }
                if (q.md5() != null && q.md5().equals(m.md5()[e])) {
                    raw.add(new Raw(l, e, 0, HashKind.MD5));
                }
            }
        }
        raw.sort(Comparator.comparingInt(Raw::distance)
                .thenComparingInt(Raw::list)
                .thenComparingInt(Raw::entry)
                .thenComparing(Raw::kind));
        boolean anySuppressing = raw.stream()
                .anyMatch(x -> models.get(x.list()).settings().suppression()
                        || models.get(x.list()).suppression()[x.entry()]);
        List<MatchHit> hits = new ArrayList<>();
        for (Raw x : raw) {
            Model m = models.get(x.list());
            boolean suppressing = m.settings().suppression() || m.suppression()[x.entry()];
            hits.add(new MatchHit(
                    m.name(),
                    x.entry(),
                    x.distance(),
                    x.kind(),
                    m.category()[x.entry()],
                    m.name() + "-src",
                    suppressing,
                    anySuppressing && !suppressing));
        }
        return new MatchResult(q, low, hits);
    }

    static PdqHash near(PdqHash h, int bits, Random r) {
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        for (int i = 0; i < bits; i++) {
            int b = r.nextInt(256);
            w[b >> 6] ^= 1L << (b & 63);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
