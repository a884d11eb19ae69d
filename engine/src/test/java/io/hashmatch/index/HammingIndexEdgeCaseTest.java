package io.hashmatch.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Edge cases every strategy must get right: empty and tiny lists, identical entries, radius 0 and 256. */
class HammingIndexEdgeCaseTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private HammingIndex index(IndexStrategy strategy, long[] list) {
        MemorySegment hashes = HashListFixture.segment(list, arena);
        return strategy.open(hashes, strategy.build(hashes, arena));
    }

    @ParameterizedTest
    @EnumSource(IndexStrategy.class)
    void emptyListHasNoHits(IndexStrategy strategy) {
        HammingIndex index = index(strategy, new long[0]);
        assertThat(index.size()).isZero();
        assertThat(index.strategy()).isEqualTo(strategy);
        assertThat(index.search(PdqHash.ZERO, 256)).isEmpty();
        index.searchBatch(new long[8], 2, 256, (q, e, d) -> {
            throw new AssertionError("hit in an empty list");
        });
    }

    @ParameterizedTest
    @EnumSource(IndexStrategy.class)
    void oneEntry(IndexStrategy strategy) {
        PdqHash h = PdqHash.of(1, 2, 3, 4);
        HammingIndex index = index(strategy, new long[] {1, 2, 3, 4});
        assertThat(index.search(h, 0)).containsExactly(new Hit(0, 0));
        PdqHash complement = PdqHash.of(~1L, ~2L, ~3L, ~4L);
        assertThat(index.search(complement, 255)).isEmpty();
        assertThat(index.search(complement, 256)).containsExactly(new Hit(0, 256));
    }

    @ParameterizedTest
    @EnumSource(IndexStrategy.class)
    void allEntriesIdentical(IndexStrategy strategy) {
        int n = 2 * MultiIndexHamming.CANDIDATE_BLOCK + 777; // one bucket gathered in three rounds
        long[] list = new long[4 * n];
        for (int e = 0; e < n; e++) {
            list[4 * e] = 0xDEADBEEFL;
            list[4 * e + 3] = -1L;
        }
        HammingIndex index = index(strategy, list);
        PdqHash same = HashListFixture.hash(list, 0);
        List<Hit> all = IntStream.range(0, n).mapToObj(e -> new Hit(e, 0)).toList();
        assertThat(index.search(same, 0)).isEqualTo(all);
        PdqHash threeOff = PdqHash.of(0xDEADBEEFL ^ 7, 0, 0, -1L);
        assertThat(index.search(threeOff, 2)).isEmpty();
        assertThat(index.search(threeOff, 3)).hasSize(n).allMatch(h -> h.distance() == 3);
    }

    @ParameterizedTest
    @EnumSource(IndexStrategy.class)
    void queryEqualToAnEntryAtRadiusZeroFindsItAndItsDuplicatesOnly(IndexStrategy strategy) {
        long[] list = HashListFixture.hashList(4000, 7, 0.3, 0.0, 3);
        System.arraycopy(list, 4 * 17, list, 4 * 3999, 4); // exact duplicate of entry 17
        HammingIndex index = index(strategy, list);
        assertThat(index.search(HashListFixture.hash(list, 17), 0)).containsExactly(new Hit(17, 0), new Hit(3999, 0));
    }

    @ParameterizedTest
    @EnumSource(IndexStrategy.class)
    void radius256ReturnsEverything(IndexStrategy strategy) {
        long[] list = HashListFixture.hashList(2500, 11);
        HammingIndex index = index(strategy, list);
        PdqHash q = PdqHash.of(5, 6, 7, 8);
        assertThat(index.search(q, 256)).hasSize(2500).isEqualTo(ReferenceSearch.search(list, q, 256));
    }

    @ParameterizedTest
    @EnumSource(IndexStrategy.class)
    void invalidArgumentsAreRejected(IndexStrategy strategy) {
        HammingIndex index = index(strategy, new long[] {1, 2, 3, 4});
        HitSink ignore = (e, d) -> {};
        assertThatThrownBy(() -> index.search(PdqHash.ZERO, -1, ignore))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDistance must be 0..256, got -1");
        assertThatThrownBy(() -> index.search(PdqHash.ZERO, 257, ignore))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 257");
        assertThatThrownBy(() -> index.searchBatch(new long[4], 1, 300, (q, e, d) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDistance");
        assertThatThrownBy(() -> index.searchBatch(new long[7], 2, 3, (q, e, d) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queryCount must be 0..1");
        assertThatThrownBy(() -> index.searchBatch(new long[8], -1, 3, (q, e, d) -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queryCount");
        assertThatThrownBy(() -> strategy.build(arena.allocate(33), arena))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a multiple of 32");
    }

    @Test
    void plannerPicksByRadiusAndSize() {
        assertThat(IndexPlanner.choose(31, 10_000_000)).isEqualTo(IndexStrategy.MULTI_INDEX);
        assertThat(IndexPlanner.choose(0, 1_000_000)).isEqualTo(IndexStrategy.MULTI_INDEX);
        assertThat(IndexPlanner.choose(31, 100)).isEqualTo(IndexStrategy.BRUTE_FORCE);
        assertThat(IndexPlanner.choose(40, 1_000_000)).isEqualTo(IndexStrategy.MULTI_INDEX);
        assertThat(IndexPlanner.choose(64, 1_000_000)).isEqualTo(IndexStrategy.BRUTE_FORCE);
        assertThat(IndexPlanner.choose(200, 10_000_000)).isEqualTo(IndexStrategy.BRUTE_FORCE);
        // the crossovers IndexPlanner documents for layout 6, measured (bench/RESULTS.md): the first radius scanned
        assertThat(firstScanRadius(100_000)).isEqualTo(44);
        assertThat(firstScanRadius(1_000_000)).isEqualTo(58);
        assertThat(firstScanRadius(10_000_000)).isEqualTo(73);
        assertThat(IndexPlanner.choose(43, 100_000)).isEqualTo(IndexStrategy.MULTI_INDEX);
        assertThat(IndexPlanner.choose(57, 1_000_000)).isEqualTo(IndexStrategy.MULTI_INDEX);
        assertThat(IndexPlanner.choose(72, 10_000_000)).isEqualTo(IndexStrategy.MULTI_INDEX);
        assertThat(firstScanRadius(6_000)).isEqualTo(28); // 13-bit chunks: the two measured within noise at 24-36
        assertThatThrownBy(() -> IndexPlanner.choose(257, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IndexPlanner.choose(3, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The smallest radius {@link IndexPlanner} answers by a scan for a list of {@code size} entries. */
    private static int firstScanRadius(int size) {
        int r = 0;
        while (IndexPlanner.choose(r, size) == IndexStrategy.MULTI_INDEX) {
            r++;
        }
        return r;
    }

    @Test
    void olderLayoutsKeepTheirOwnCostModel() {
        // layouts 1 to 5 (older snapshots) keep the calibration of their slot tables: r = 54 at 1 M with m = 13
        int[] slotWidths = MultiIndexHamming.evenWidths(MultiIndexHamming.slotChunkCount(1_000_000));
        assertThat(MultiIndexHamming.plan(1_000_000, slotWidths, 53, MultiIndexHamming.SLOT_COSTS)
                        .scan())
                .isFalse();
        assertThat(MultiIndexHamming.plan(1_000_000, slotWidths, 54, MultiIndexHamming.SLOT_COSTS)
                        .scan())
                .isTrue();
    }

    @Test
    void eachLayoutPlansWithItsOwnCosts() {
        // at 6 000 entries and r = 31 layout 6's costs plan a scan (first at r = 28), the slot layouts' not (r = 34)
        long[] list = HashListFixture.hashList(6_000, 7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            MultiIndexHamming wide = MultiIndexHamming.open(hashes, MultiIndexHamming.build(hashes, arena));
            MultiIndexHamming slots = MultiIndexHamming.open(hashes, SectionLayouts.multiIndex(hashes, arena, 5));
            assertThat(wide.plan(31).scan()).isTrue();
            assertThat(wide.plan(27).scan()).isFalse();
            assertThat(slots.plan(31).scan()).isFalse();
            assertThat(slots.plan(34).scan()).isTrue();
        }
    }

    @Test
    void bkTreeCountsVisitsAndPrunesAtSmallRadii() {
        long[] list = HashListFixture.hashList(5000, 3);
        MemorySegment hashes = HashListFixture.segment(list, arena);
        BkTreeHamming tree = BkTreeHamming.open(hashes, BkTreeHamming.build(hashes, arena));
        PdqHash q = HashListFixture.hash(list, 42);
        long atZero = tree.searchCountingVisits(q, 0, (e, d) -> {});
        long atAll = tree.searchCountingVisits(q, 256, (e, d) -> {});
        assertThat(atAll).isEqualTo(tree.nodeCount());
        assertThat(atZero).isLessThan(tree.nodeCount() / 10);
    }
}
