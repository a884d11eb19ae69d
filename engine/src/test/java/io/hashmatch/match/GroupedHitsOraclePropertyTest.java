package io.hashmatch.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Seeds;
import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.list.format.HashVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lists whose entries are items of several PDQ hashes (a whole image and its variants), queries with variants: the
 * matcher gives one PDQ hit per item, the nearest allowed pair, naming both variants, exactly as a brute-force
 * oracle over every (query hash, list hash) pair does, with every index strategy.
 */
@ExtendWith(Seeds.Report.class)
class GroupedHitsOraclePropertyTest {
    private static final List<String> LIST_KINDS = List.of("crop", "grid", "dihedral");
    private static final List<String> QUERY_KINDS = List.of("trim", "tile", "embedded", "dihedral");

    /** One PDQ record of a list as the oracle sees it. */
    record Record(int entry, PdqHash hash, HashVariant variant) {}

    /** A random list of items. */
    record Model(String name, List<Record> records, int entries, String[] md5, ListSettings settings) {}

    static Stream<Long> groupedHitsEqualBruteForce() {
        return Seeds.of("GroupedHitsOraclePropertyTest.groupedHitsEqualBruteForce", 30);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void groupedHitsEqualBruteForce(long seed) throws Exception {
        Random r = new Random(seed);
        Path dir = Files.createTempDirectory("grouped");
        List<HashListSnapshot> open = new ArrayList<>();
        try {
            List<PdqHash> pool = new ArrayList<>();
            List<Model> models = new ArrayList<>();
            int lists = 1 + r.nextInt(2);
            for (int l = 0; l < lists; l++) {
                Model m = randomList("list" + l, r, pool);
                models.add(m);
                Path file = dir.resolve(m.name() + ".hmsnap");
                write(m, file);
                HashListSnapshot s = HashListSnapshot.open(file);
                open.add(s);
                assertThat(s.formatVersion()).as("seed %d", seed).isEqualTo(HashListSnapshot.VERSION_CURRENT);
                for (int i = 0; i < m.records().size(); i++) {
                    assertThat(s.pdqVariant(i)).isEqualTo(m.records().get(i).variant());
                }
            }
            int minQuality = r.nextInt(60);
            List<Query> queries = new ArrayList<>();
            for (int q = 0; q < 25; q++) {
                queries.add(randomQuery(r, pool, models));
            }
            List<MatchResult> expected = new ArrayList<>();
            for (Query q : queries) {
                expected.add(oracle(q, models, minQuality));
            }
            for (IndexStrategy strategy : new IndexStrategy[] {
                null, IndexStrategy.BRUTE_FORCE, IndexStrategy.MULTI_INDEX, IndexStrategy.BK_TREE
            }) {
                Matcher.Builder b = Matcher.newBuilder().minQuality(minQuality).strategy(strategy);
                for (int l = 0; l < lists; l++) {
                    b.addList(open.get(l), models.get(l).settings());
                }
                Matcher matcher = b.build();
                assertThat(matcher.match(queries))
                        .as("seed %d strategy %s", seed, strategy)
                        .isEqualTo(expected);
            }
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

    static Model randomList(String name, Random r, List<PdqHash> pool) {
        int entries = 1 + r.nextInt(40);
        List<Record> records = new ArrayList<>();
        String[] md5 = new String[entries];
        boolean anyVariants = r.nextInt(5) != 0;
        for (int e = 0; e < entries; e++) {
            PdqHash whole = !pool.isEmpty() && r.nextInt(3) == 0
                    ? MatcherOraclePropertyTest.near(pool.get(r.nextInt(pool.size())), r.nextInt(40), r)
                    : random(r);
            pool.add(whole);
            records.add(new Record(e, whole, HashVariant.WHOLE));
            int variants = anyVariants ? r.nextInt(6) : 0;
            for (int v = 0; v < variants; v++) {
                PdqHash h = r.nextBoolean() ? MatcherOraclePropertyTest.near(whole, r.nextInt(60), r) : random(r);
                pool.add(h);
                records.add(new Record(e, h, variant(r, LIST_KINDS)));
            }
            if (r.nextInt(4) == 0) {
                md5[e] = MatcherOraclePropertyTest.hex(r, 16);
            }
        }
        ListSettings settings = new ListSettings(r.nextInt(40), r.nextInt(8) == 0, r.nextInt(40));
        return new Model(name, records, entries, md5, settings);
    }

    static HashVariant variant(Random r, List<String> kinds) {
        String kind = kinds.get(r.nextInt(kinds.size()));
        String transform = kind.equals("dihedral")
                ? HashVariant.TRANSFORMS.get(1 + r.nextInt(7))
                : HashVariant.TRANSFORMS.get(r.nextInt(3) == 0 ? r.nextInt(8) : 0);
        return kind.equals("dihedral")
                ? new HashVariant(kind, transform, 0, 0, 0, 0)
                : new HashVariant(
                        kind, transform, r.nextInt(100), r.nextInt(100), 1 + r.nextInt(500), 1 + r.nextInt(500));
    }

    static void write(Model m, Path file) throws Exception {
        SnapshotWriter w = SnapshotWriter.create(m.name(), "1");
        for (int e = 0; e < m.entries(); e++) {
            w.addEntry(null, m.name() + "-src", false);
            if (m.md5()[e] != null) {
                w.addMd5(e, m.md5()[e]);
            }
        }
        for (Record x : m.records()) {
            w.addPdq(x.entry(), x.hash(), x.variant(), x.variant().isOriginal() ? -1 : 90);
        }
        w.write(file);
    }

    static Query randomQuery(Random r, List<PdqHash> pool, List<Model> models) {
        PdqHash pdq = r.nextInt(4) == 0
                ? random(r)
                : MatcherOraclePropertyTest.near(pool.get(r.nextInt(pool.size())), r.nextInt(45), r);
        int quality = r.nextInt(3) == 0 ? Query.QUALITY_UNKNOWN : r.nextInt(101);
        List<Query.Variant> variants = new ArrayList<>();
        int n = r.nextInt(6);
        for (int v = 0; v < n; v++) {
            PdqHash h = r.nextInt(4) == 0
                    ? random(r)
                    : MatcherOraclePropertyTest.near(pool.get(r.nextInt(pool.size())), r.nextInt(45), r);
            int q = r.nextInt(3) == 0 ? Query.QUALITY_UNKNOWN : r.nextInt(101);
            variants.add(new Query.Variant(variant(r, QUERY_KINDS), h, q));
        }
        String md5 = null;
        Model m = models.get(r.nextInt(models.size()));
        if (r.nextInt(4) == 0) {
            md5 = m.md5()[r.nextInt(m.entries())];
        }
        return new Query("q", pdq, quality, md5, null, null, variants);
    }

    /** The documented rules the slow way: every pair, the allowed ones, the nearest per item (ties by row, record). */
    static MatchResult oracle(Query q, List<Model> models, int minQuality) {
        boolean low = q.quality() != Query.QUALITY_UNKNOWN && q.quality() < minQuality;
        List<PdqHash> rows = new ArrayList<>();
        List<HashVariant> rowVariants = new ArrayList<>();
        List<Integer> rowNumbers = new ArrayList<>();
        if (!low) {
            rows.add(q.pdq());
            rowVariants.add(HashVariant.WHOLE);
            rowNumbers.add(0);
        }
        for (int v = 0; v < q.variants().size(); v++) {
            Query.Variant variant = q.variants().get(v);
            if (variant.quality() == Query.QUALITY_UNKNOWN || variant.quality() >= minQuality) {
                rows.add(variant.hash());
                rowVariants.add(variant.variant());
                rowNumbers.add(v + 1);
            }
        }
        record Raw(int list, int entry, int distance, HashKind kind, int row, int record) {}
        List<Raw> raw = new ArrayList<>();
        for (int l = 0; l < models.size(); l++) {
            Model m = models.get(l);
            @Nullable Raw[] best = new Raw[m.entries()];
            for (int k = 0; k < rows.size(); k++) {
                for (int i = 0; i < m.records().size(); i++) {
                    Record x = m.records().get(i);
                    int d = rows.get(k).distance(x.hash());
                    boolean twoVariants =
                            !rowVariants.get(k).isOriginal() && !x.variant().isOriginal();
                    int max = twoVariants
                            ? Math.min(m.settings().maxDistance(), m.settings().variantDistance())
                            : m.settings().maxDistance();
                    if (d > max) {
                        continue;
                    }
                    Raw candidate = new Raw(l, x.entry(), d, HashKind.PDQ, rowNumbers.get(k), i);
                    Raw b = best[x.entry()];
                    if (b == null
                            || d < b.distance()
                            || (d == b.distance()
                                    && (candidate.row() < b.row() || (candidate.row() == b.row() && i < b.record())))) {
                        best[x.entry()] = candidate;
                    }
                }
            }
            Arrays.stream(best).filter(x -> x != null).forEach(raw::add);
            for (int e = 0; e < m.entries(); e++) {
                if (q.md5() != null && q.md5().equals(m.md5()[e])) {
                    raw.add(new Raw(l, e, 0, HashKind.MD5, 0, -1));
                }
            }
        }
        raw.sort(Comparator.comparingInt(Raw::distance)
                .thenComparingInt(Raw::list)
                .thenComparingInt(Raw::entry)
                .thenComparing(Raw::kind));
        boolean anySuppressing =
                raw.stream().anyMatch(x -> models.get(x.list()).settings().suppression());
        List<MatchHit> hits = new ArrayList<>();
        for (Raw x : raw) {
            Model m = models.get(x.list());
            boolean suppressing = m.settings().suppression();
            boolean pdq = x.kind() == HashKind.PDQ;
            hits.add(new MatchHit(
                    m.name(),
                    x.entry(),
                    x.distance(),
                    x.kind(),
                    null,
                    m.name() + "-src",
                    suppressing,
                    anySuppressing && !suppressing,
                    pdq
                            ? (x.row() == 0
                                    ? HashVariant.WHOLE
                                    : q.variants().get(x.row() - 1).variant())
                            : null,
                    pdq ? m.records().get(x.record()).variant() : null));
        }
        return new MatchResult(q, low, hits);
    }

    private static PdqHash random(Random r) {
        return PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }
}
