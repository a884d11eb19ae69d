package io.hashmatch.index;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Tuning harness (not a test, not JMH): the multi-index search over its two section layouts, built by the main code
 * over the same fixture (default geometry) — layout 1, what snapshot versions 1 to 3 hold (every candidate's hash read
 * from the hash list), and layout 2, what {@link IndexStrategy#build} writes (the fold array read first). Checks
 * identical hits for every query, then times the two alternately in CPU time per query of the searching thread, so
 * the ratio holds up on a loaded machine better than a wall-clock JMH score. Run after {@code ./mvnw -pl engine
 * test-compile}: {@code java -Xmx4g -cp engine/target/classes:engine/target/test-classes
 * io.hashmatch.index.FoldLayoutExperiment 10000000 [rounds]}
 */
final class FoldLayoutExperiment {
    private FoldLayoutExperiment() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int r = Integer.getInteger("radius", 31);
        long[] list = HashListFixture.hashList(n, 1);
        long[] queries = HashListFixture.queries(list, 4096, 2);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            list = null;
            HammingIndex[] layouts = new HammingIndex[2];
            for (int v = 1; v <= 2; v++) {
                long t0 = System.nanoTime();
                MemorySegment section = SectionLayouts.multiIndex(hashes, arena, v);
                layouts[v - 1] = MultiIndexHamming.open(hashes, section);
                System.out.printf(
                        "layout %d: built in %.1f s, %.1f B/entry (%d bytes)%n",
                        v, (System.nanoTime() - t0) / 1e9, section.byteSize() / (double) n, section.byteSize());
            }
            long[] expected = GeometryExperiment.hits(layouts[0], queries, r);
            if (!Arrays.equals(expected, GeometryExperiment.hits(layouts[1], queries, r))) {
                throw new AssertionError("layout 2 finds other hits than layout 1");
            }
            System.out.println("identical hits for all 4096 queries (" + expected.length + " hits)");
            double[][] cpu = new double[2][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int j = 0; j < 2; j++) {
                    int i = round % 2 == 0 ? j : 1 - j; // alternate the order
                    cpu[i][round] = GeometryExperiment.time(layouts[i], queries, r);
                }
                System.out.printf(
                        "round %d, load %s: CPU ms/query layout 1 %.4f, layout 2 %.4f (%.2fx)%n",
                        round, GeometryExperiment.load(), cpu[0][round], cpu[1][round], cpu[1][round] / cpu[0][round]);
            }
            for (int i = 0; i < 2; i++) {
                double[] c = cpu[i].clone();
                Arrays.sort(c);
                System.out.printf(
                        "layout %d: CPU ms/query median %.4f (min %.4f), per-round ratio to layout 1: median %.2fx%n",
                        i + 1, c[rounds / 2], c[0], GeometryExperiment.medianRatio(cpu[i], cpu[0]));
            }
        }
    }
}
