package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Quick tuning harness (not a test, not JMH): times each strategy and multi-index geometry on the fixture
 * distribution. Run after {@code ./mvnw -pl engine test-compile}:
 * {@code java -Xmx16g -cp engine/target/classes:engine/target/test-classes io.hashmatch.index.IndexExperiment 1000000 11,12,13,16}
 */
final class IndexExperiment {
    private IndexExperiment() {}

    public static void main(String[] args) {
        if (args[0].equals("crossover")) { // first radius each default-geometry index answers by scanning
            for (int n : new int[] {4096, 100_000, 1_000_000, 10_000_000, 100_000_000}) {
                int r = 0;
                while (r <= FlatHashes.MAX_RADIUS && !MultiIndexHamming.scansAt(n, r)) {
                    r++;
                }
                System.out.printf("n=%,d: multi-index up to r=%d%n", n, r - 1);
            }
            return;
        }
        int n = Integer.parseInt(args[0]);
        int[] chunkCounts = args.length > 1
                ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {MultiIndexHamming.defaultChunkCount(n)};
        boolean bk = args.length > 2 && args[2].equals("bk");
        int[] radii = Arrays.stream(System.getProperty("radii", "0,8,16,31").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        long[] list = HashListFixture.hashList(n, 1);
        long[] queries = HashListFixture.queries(list, 2000, 2);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            list = null;
            HammingIndex brute = IndexStrategy.BRUTE_FORCE.open(hashes, IndexStrategy.BRUTE_FORCE.build(hashes, arena));
            for (int r : new int[] {radii[radii.length - 1]}) {
                time("brute", brute, queries, 40, r);
                timeBatch("brute", brute, queries, 256, r);
            }
            for (int m : chunkCounts) {
                long t0 = System.nanoTime();
                MemorySegment section = MultiIndexHamming.build(hashes, arena, MultiIndexHamming.evenWidths(m));
                long buildMs = (System.nanoTime() - t0) / 1_000_000;
                MultiIndexHamming mih = MultiIndexHamming.open(hashes, section);
                System.out.printf(
                        "MIH m=%d build %d ms, %.1f bytes/entry%n", m, buildMs, section.byteSize() / (double) n);
                for (int r : radii) {
                    MultiIndexHamming.Plan p = mih.plan(r);
                    System.out.printf(
                            "  r=%d plan %s scan=%b probes=%d%n", r, Arrays.toString(p.radii()), p.scan(), p.probes());
                    time("MIH m=" + m, mih, queries, 2000, r);
                    timeBatch("MIH m=" + m, mih, queries, 2000, r);
                }
            }
            if (bk) {
                long t0 = System.nanoTime();
                MemorySegment section = BkTreeHamming.build(hashes, arena);
                long buildMs = (System.nanoTime() - t0) / 1_000_000;
                BkTreeHamming tree = BkTreeHamming.open(hashes, section);
                System.out.printf(
                        "BK build %d ms, %d nodes, %.1f bytes/entry%n",
                        buildMs, tree.nodeCount(), section.byteSize() / (double) n);
                for (int r : radii) {
                    long visits = 0;
                    int qs = r >= 16 ? 10 : 200;
                    for (int q = 0; q < qs; q++) {
                        visits += tree.searchCountingVisits(HashListFixture.hash(queries, q), r, (e, d) -> {});
                    }
                    System.out.printf("  r=%d visited %.1f%% of nodes%n", r, 100.0 * visits / qs / tree.nodeCount());
                    time("BK", tree, queries, qs, r);
                }
            }
        }
    }

    static long sinkTotal;

    private static void time(String name, HammingIndex index, long[] queries, int count, int r) {
        long[] hits = new long[1];
        HitSink sink = (e, d) -> hits[0] += d + 1;
        for (int q = 0; q < Math.min(count, 200); q++) { // warm-up
            index.search(HashListFixture.hash(queries, q), r, sink);
        }
        long[] ns = new long[count];
        for (int q = 0; q < count; q++) {
            PdqHash query = HashListFixture.hash(queries, q);
            long t = System.nanoTime();
            index.search(query, r, sink);
            ns[q] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(
                "  %-10s r=%-2d single: mean %.3f ms, p50 %.3f, p99 %.3f ms%n",
                name,
                r,
                Arrays.stream(ns).average().orElse(0) / 1e6,
                ns[count / 2] / 1e6,
                ns[(int) (count * 0.99)] / 1e6);
        sinkTotal += hits[0];
    }

    private static void timeBatch(String name, HammingIndex index, long[] queries, int count, int r) {
        long[] hits = new long[1];
        BatchHitSink sink = (q, e, d) -> hits[0] += d + 1;
        for (int w = 0; w < 5; w++) {
            index.searchBatch(queries, Math.min(count, 64), r, sink);
        }
        long t = System.nanoTime();
        index.searchBatch(queries, count, r, sink);
        double ms = (System.nanoTime() - t) / 1e6;
        System.out.printf(
                "  %-10s r=%-2d batch of %d: %.3f ms/query, %.0f queries/s%n",
                name, r, count, ms / count, count / ms * 1000);
        sinkTotal += hits[0];
    }
}
