package io.hashmatch.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BkTreeHamming#link}'s bulk partitioning gives exactly the tree of one-by-one inserts (the textbook BK-tree
 * build, here with sibling lists: the oracle), so a snapshot's BK-tree section does not depend on how it was built.
 */
@ExtendWith(Seeds.Report.class)
class BkTreeLinkPropertyTest {
    static Stream<Long> bulkLinksEqualInsertionLinks() {
        return Seeds.of("BkTreeLinkPropertyTest.bulkLinksEqualInsertionLinks", 60);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void bulkLinksEqualInsertionLinks(long seed) {
        Gen g = new Gen(seed);
        int size = g.intIn(0, 3000);
        double nearFraction = g.doubleIn(0, 0.8);
        double exactFraction = g.doubleIn(0, 0.4);
        int maxFlips = g.intIn(1, 40);
        long[] list = HashListFixture.hashList(size, seed, nearFraction, exactFraction, maxFlips);
        try (Arena arena = Arena.ofConfined()) {
            assertSameTree(BkTreeHamming.link(HashListFixture.segment(list, arena)), insertOneByOne(list, size));
        }
    }

    static Stream<Long> fewDistinctHashesManyRepeats() {
        return Seeds.of("BkTreeLinkPropertyTest.fewDistinctHashesManyRepeats", 10);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void fewDistinctHashesManyRepeats(long seed) {
        int size = new Gen(seed).intIn(1, 4000);
        long[] distinct = HashListFixture.hashList(3, seed);
        long[] list = new long[4 * size];
        for (int e = 0; e < size; e++) {
            System.arraycopy(distinct, 4 * (int) Math.floorMod(seed + e * 7L, 3), list, 4 * e, 4);
        }
        try (Arena arena = Arena.ofConfined()) {
            assertSameTree(BkTreeHamming.link(HashListFixture.segment(list, arena)), insertOneByOne(list, size));
        }
    }

    /** The oracle's tree: links per entry, and per entry its children by ascending edge and its duplicates. */
    private record Tree(
            int[] parent, int[] edge, int[] sameAs, List<List<Integer>> children, List<List<Integer>> duplicates) {}

    private static void assertSameTree(BkTreeHamming.Links bulk, Tree inserted) {
        assertThat(bulk.parent()).as("parent").isEqualTo(inserted.parent());
        assertThat(bulk.edge()).as("edge").isEqualTo(inserted.edge());
        assertThat(bulk.sameAs()).as("sameAs").isEqualTo(inserted.sameAs());
        int n = bulk.parent().length;
        int duplicates = 0;
        for (int x = 0; x < n; x++) {
            List<Integer> children = new ArrayList<>();
            for (int k = 0; k < bulk.childCount()[x]; k++) {
                children.add(bulk.children()[bulk.childFrom()[x] + k]);
            }
            List<Integer> dups = new ArrayList<>();
            for (int k = 0; k < bulk.duplicateCount()[x]; k++) {
                dups.add(bulk.duplicates()[bulk.duplicateFrom()[x] + k]);
            }
            duplicates += dups.size();
            assertThat(children)
                    .as("children of %d", x)
                    .isEqualTo(inserted.children().get(x));
            assertThat(dups)
                    .as("duplicates of %d", x)
                    .isEqualTo(inserted.duplicates().get(x));
        }
        assertThat(bulk.duplicateTotal()).isEqualTo(duplicates);
    }

    /** Burkhard-Keller inserts of entries 1..n-1 under root 0, children kept as lists of (edge, child). */
    private static Tree insertOneByOne(long[] list, int n) {
        int[] parent = new int[n];
        int[] edge = new int[n];
        int[] sameAs = new int[n];
        java.util.Arrays.fill(parent, -1);
        java.util.Arrays.fill(sameAs, -1);
        List<List<int[]>> children = new ArrayList<>();
        List<List<Integer>> duplicates = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            children.add(new ArrayList<>());
            duplicates.add(new ArrayList<>());
        }
        for (int e = 1; e < n; e++) {
            PdqHash h = HashListFixture.hash(list, e);
            int x = 0;
            while (true) {
                int d = h.distance(HashListFixture.hash(list, x));
                if (d == 0) {
                    sameAs[e] = x;
                    duplicates.get(x).add(e);
                    break;
                }
                int next = -1;
                for (int[] c : children.get(x)) {
                    if (c[0] == d) {
                        next = c[1];
                    }
                }
                if (next < 0) {
                    children.get(x).add(new int[] {d, e});
                    parent[e] = x;
                    edge[e] = d;
                    break;
                }
                x = next;
            }
        }
        List<List<Integer>> byEdge = new ArrayList<>();
        for (List<int[]> c : children) {
            byEdge.add(c.stream()
                    .sorted(java.util.Comparator.comparingInt(x -> x[0]))
                    .map(x -> x[1])
                    .toList());
        }
        return new Tree(parent, edge, sameAs, byEdge, duplicates);
    }
}
