package io.hashmatch.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every strategy against the naive {@link PdqHash#distance} loop, on random lists with clusters of
 * near-duplicates and exact duplicates, at every radius 0..64 plus 100 and 256; batched against single.
 */
@ExtendWith(Seeds.Report.class)
class HammingIndexPropertyTest {
    private static final int[] EXTRA_RADII = {100, 256};
    private static final int[] BATCH_RADII = {0, 5, 16, 31, 48, 64, 100, 256};

    static Stream<Long> everyStrategyReturnsExactlyTheNaiveHits() {
        return Seeds.of("HammingIndexPropertyTest.everyStrategyReturnsExactlyTheNaiveHits", 30);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void everyStrategyReturnsExactlyTheNaiveHits(long seed) {
        Gen g = new Gen(seed);
        int size = g.intIn(0, 5000);
        double nearFraction = g.doubleIn(0, 0.6);
        double exactFraction = g.doubleIn(0, 0.3);
        int maxFlips = g.intIn(1, 40);
        long[] list = HashListFixture.hashList(size, seed, nearFraction, exactFraction, maxFlips);
        long[] queries = queriesIncludingAnEntry(list, 10, seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            List<HammingIndex> indexes = new ArrayList<>();
            for (IndexStrategy s : IndexStrategy.values()) {
                indexes.add(s.open(hashes, s.build(hashes, arena)));
            }
            checkAgainstReference(list, queries, indexes, "size=" + size + " seed=" + seed);
        }
    }

    /**
     * Multi-index hashing with arbitrary (uneven, word-straddling) chunk geometries, probe plans and fallbacks, in every
     * section layout: tagged slot tables with the rest of the next chunk beside lone entries and postings, and the fold
     * array (what {@code build} writes), the tagged and untagged slot tables and the offset tables of older snapshots,
     * with and without the fold array, and the wide buckets with tags of the next two chunks (layout 6).
     */
    static Stream<Long> multiIndexIsExactForAnyChunkGeometry() {
        return Seeds.of("HammingIndexPropertyTest.multiIndexIsExactForAnyChunkGeometry", 25);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void multiIndexIsExactForAnyChunkGeometry(long seed) {
        Gen g = new Gen(seed);
        int size = g.intIn(0, 2000);
        int maxWidth = g.intIn(1, 18);
        long[] list = HashListFixture.hashList(size, seed, 0.4, 0.1, 12);
        long[] queries = queriesIncludingAnEntry(list, 6, seed);
        int[] widths = randomWidths(new SplittableRandom(seed), maxWidth);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            HammingIndex mih = MultiIndexHamming.open(hashes, MultiIndexHamming.build(hashes, arena, widths));
            HammingIndex withoutFolds = MultiIndexHamming.open(
                    hashes, MultiIndexHamming.build(hashes, arena, widths, MultiIndexHamming.VERSION_START));
            HammingIndex offsetTables = MultiIndexHamming.open(
                    hashes, MultiIndexHamming.build(hashes, arena, widths, MultiIndexHamming.VERSION_OFFSET_TABLES));
            HammingIndex untagged = MultiIndexHamming.open(
                    hashes, MultiIndexHamming.build(hashes, arena, widths, MultiIndexHamming.VERSION_SLOTS));
            HammingIndex tagsOnly = MultiIndexHamming.open(
                    hashes, MultiIndexHamming.build(hashes, arena, widths, MultiIndexHamming.VERSION_TAGGED));
            HammingIndex wide = MultiIndexHamming.open(
                    hashes, MultiIndexHamming.build(hashes, arena, widths, MultiIndexHamming.VERSION));
            checkAgainstReference(
                    list,
                    queries,
                    List.of(mih, withoutFolds, offsetTables, untagged, tagsOnly, wide),
                    "size=" + size + " seed=" + seed + " widths=" + java.util.Arrays.toString(widths));
        }
    }

    static Stream<Long> foldDistanceNeverExceedsHashDistance() {
        return Seeds.of("HammingIndexPropertyTest.foldDistanceNeverExceedsHashDistance", 40);
    }

    /**
     * The multi-index search drops a candidate whose fold distance exceeds the radius; that is exact only if the fold
     * distance is a lower bound of the hash distance. Random pairs at every distance 0..256, with flips placed at
     * random, paired (bit j and j + 128 together, which cancel in the fold), or all in the first half (where the bound
     * is reached).
     */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void foldDistanceNeverExceedsHashDistance(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int pair = 0; pair < 500; pair++) {
            long[] a = {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
            long[] b = a.clone();
            int placement = random.nextInt(3);
            int flips = random.nextInt(placement == 0 ? 257 : 129);
            int[] bits = shuffledBits(random, placement == 0 ? 256 : 128);
            for (int k = 0; k < flips; k++) {
                int bit = bits[k];
                b[bit >>> 6] ^= 1L << bit;
                if (placement == 1) {
                    b[(bit + 128) >>> 6] ^= 1L << bit; // the same bit of the word 128 bits on
                }
            }
            int distance = 0;
            for (int w = 0; w < 4; w++) {
                distance += Long.bitCount(a[w] ^ b[w]);
            }
            int foldDistance = Long.bitCount(MultiIndexHamming.fold0(a[0], a[2]) ^ MultiIndexHamming.fold0(b[0], b[2]))
                    + Long.bitCount(MultiIndexHamming.fold1(a[1], a[3]) ^ MultiIndexHamming.fold1(b[1], b[3]));
            String what = "pair " + pair + " placement " + placement + " flips " + flips;
            assertThat(foldDistance).as(what).isLessThanOrEqualTo(distance);
            switch (placement) {
                case 1 -> assertThat(foldDistance).as(what).isZero(); // every difference cancels
                case 2 -> assertThat(foldDistance).as(what).isEqualTo(distance); // nothing to cancel: the bound is met
                default -> assertThat(distance).as(what).isEqualTo(flips);
            }
        }
    }

    /** The numbers 0..n-1 in random order. */
    private static int[] shuffledBits(SplittableRandom random, int n) {
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = bits[i];
            bits[i] = bits[j];
            bits[j] = t;
        }
        return bits;
    }

    private static void checkAgainstReference(long[] list, long[] queries, List<HammingIndex> indexes, String what) {
        int queryCount = queries.length / 4;
        List<Integer> radii = new ArrayList<>();
        for (int r = 0; r <= 64; r++) {
            radii.add(r);
        }
        for (int r : EXTRA_RADII) {
            radii.add(r);
        }
        for (int q = 0; q < queryCount; q++) {
            PdqHash query = HashListFixture.hash(queries, q);
            for (int r : radii) {
                List<Hit> expected = ReferenceSearch.search(list, query, r);
                for (HammingIndex index : indexes) {
                    assertThat(index.search(query, r))
                            .as("%s %s query %d r=%d", what, index.strategy(), q, r)
                            .isEqualTo(expected);
                }
            }
        }
        for (int r : BATCH_RADII) {
            for (HammingIndex index : indexes) {
                List<List<Hit>> batch = ReferenceSearch.batch(index, queries, r);
                for (int q = 0; q < queryCount; q++) {
                    assertThat(batch.get(q))
                            .as("%s %s batch query %d r=%d", what, index.strategy(), q, r)
                            .isEqualTo(index.search(HashListFixture.hash(queries, q), r));
                }
            }
        }
    }

    /** Fixture queries, with query 1 replaced by an exact entry (distance 0) when the list is not empty. */
    private static long[] queriesIncludingAnEntry(long[] list, int count, long seed) {
        long[] queries = HashListFixture.queries(list, count, seed ^ 0x5DEECE66DL);
        if (list.length > 0) {
            int e = new SplittableRandom(seed).nextInt(list.length / 4);
            System.arraycopy(list, 4 * e, queries, 4, 4);
        }
        return queries;
    }

    static int[] randomWidths(SplittableRandom random, int maxWidth) {
        List<Integer> widths = new ArrayList<>();
        int left = 256;
        while (left > 0) {
            int w = Math.min(left, 1 + random.nextInt(maxWidth));
            widths.add(w);
            left -= w;
        }
        if (widths.size() > MultiIndexHamming.MAX_CHUNKS) { // only for tiny maxWidth: fall back to even widths
            return MultiIndexHamming.evenWidths(MultiIndexHamming.MAX_CHUNKS);
        }
        return widths.stream().mapToInt(Integer::intValue).toArray();
    }
}
