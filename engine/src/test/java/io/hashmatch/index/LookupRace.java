package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the lookup tuning harnesses share ({@link GeometryExperiment}, {@link CompactFingerprintExperiment},
 * {@link SketchExperiment}): the fixture (n {@link HashListFixture} hashes of seed 1 in an off-heap segment, 4096
 * queries of seed 2), the check that every contender returns the first one's hits for every query, and the race:
 * CPU time of the searching thread per query, contenders timed in alternating order round after round (robust
 * against other processes on the cores), with the load average of each round, per-round ratios to the first
 * contender and the medians. Not a test, not JMH.
 */
final class LookupRace {
    private LookupRace() {}

    static final int QUERIES = 4096;

    /** Keeps the sinks' sums alive, so that the JIT cannot drop a search. */
    static long sinkTotal;

    /** The fixture: {@code hashes} (n entries, off-heap) and the words of {@link #QUERIES} queries near and far. */
    record Fixture(MemorySegment hashes, long[] queries, int radius) {
        int count() {
            return FlatHashes.count(hashes);
        }

        int queryCount() {
            return queries.length / 4;
        }
    }

    /** The fixture of {@code n} entries in {@code arena}, at the radius of system property {@code radius} (31). */
    static Fixture fixture(int n, Arena arena) {
        long[] list = HashListFixture.hashList(n, 1);
        long[] queries = HashListFixture.queries(list, QUERIES, 2);
        return new Fixture(HashListFixture.segment(list, arena), queries, Integer.getInteger("radius", 31));
    }

    /** One contender: a name and a search. */
    record Contender(String name, HammingIndex index) {}

    /** How a prototype layout searches: one query at a radius. */
    @FunctionalInterface
    interface Search {
        void search(PdqHash query, int maxDistance, HitSink sink);
    }

    /** A prototype as a (single-query) {@link HammingIndex} of {@code size} entries, for {@link #hits}/{@link #time}. */
    static HammingIndex asIndex(int size, Search search) {
        return new HammingIndex() {
            @Override
            public void search(PdqHash query, int maxDistance, HitSink sink) {
                search.search(query, maxDistance, sink);
            }

            @Override
            public void searchBatch(long[] q, int queryCount, int maxDistance, BatchHitSink sink) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public IndexStrategy strategy() {
                return IndexStrategy.MULTI_INDEX;
            }
        };
    }

    /**
     * Checks that every contender finds the first one's hits, then races them for {@code rounds} rounds and prints a
     * line per round (CPU ms per query, ratio to the first) and a line per contender (median, per-round ratio median).
     *
     * @return CPU ms per query, by contender and round
     * @throws AssertionError if a contender's hits differ from the first one's
     */
    static double[][] race(List<Contender> contenders, Fixture f, int rounds) {
        long[] expected = hits(contenders.getFirst().index(), f.queries(), f.radius());
        for (Contender c : contenders.subList(1, contenders.size())) {
            if (!Arrays.equals(expected, hits(c.index(), f.queries(), f.radius()))) {
                throw new AssertionError(
                        c.name() + ": hits differ from " + contenders.getFirst().name() + "'s");
            }
        }
        System.out.println("identical hits for all " + f.queryCount() + " queries (" + expected.length + " hits)");
        int k = contenders.size();
        double[][] cpu = new double[k][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int j = 0; j < k; j++) {
                int i = round % 2 == 0 ? j : k - 1 - j; // alternate the order
                cpu[i][round] = time(contenders.get(i).index(), f.queries(), f.radius());
            }
            StringBuilder line = new StringBuilder("round " + round + ", load " + load() + ": CPU ms/query");
            for (int i = 0; i < k; i++) {
                line.append(String.format(" %s %.4f", contenders.get(i).name(), cpu[i][round]));
                if (i > 0) {
                    line.append(String.format(" (%.2fx)", cpu[i][round] / cpu[0][round]));
                }
            }
            System.out.println(line);
        }
        for (int i = 0; i < k; i++) {
            double[] c = cpu[i].clone();
            Arrays.sort(c);
            System.out.printf(
                    "%s: median %.4f (min %.4f) CPU ms/query, per-round ratio to %s median %.2fx%n",
                    contenders.get(i).name(),
                    c[rounds / 2],
                    c[0],
                    contenders.getFirst().name(),
                    medianRatio(cpu[i], cpu[0]));
        }
        return cpu;
    }

    /** The median of the per-round ratios {@code a[i] / b[i]}. */
    static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    /** The 1-minute load average (with the 5-minute one), or "?" off Linux. */
    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .substring(0, 14)
                    .trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Sorted (query, entry) pairs of all hits. */
    static long[] hits(HammingIndex index, long[] queries, int r) {
        List<Long> out = new ArrayList<>();
        for (int q = 0; q < queries.length / 4; q++) {
            int qq = q;
            index.search(HashListFixture.hash(queries, q), r, (e, d) -> out.add(((long) qq << 32) | e));
        }
        long[] a = out.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** CPU ms of this thread per query, searching every query once. */
    static double time(HammingIndex index, long[] queries, int r) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] acc = new long[1];
        HitSink sink = (e, d) -> acc[0] += e + d;
        int qn = queries.length / 4;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int q = 0; q < qn; q++) {
            index.search(HashListFixture.hash(queries, q), r, sink);
        }
        long c = mx.getCurrentThreadCpuTime() - c0;
        sinkTotal += acc[0];
        return c / 1e6 / qn;
    }

    /**
     * The last step of a multi-index search for a prototype: reads the hashes of candidates {@code cand[0..n)} found
     * through chunk {@code i} (touching each first, so that their loads overlap) and reports those within {@code r}
     * that no earlier searched chunk covers (each hit once, as {@code MultiIndexHamming} does).
     *
     * @return the sum of the words touched, for the caller to keep alive
     */
    static long verify(
            MemorySegment hashes,
            int[] cand,
            int n,
            int i,
            int[] radii,
            int[] starts,
            int[] widths,
            long q0,
            long q1,
            long q2,
            long q3,
            int r,
            HitSink sink) {
        long touched = 0;
        for (int c = 0; c < n; c++) {
            touched += hashes.get(LONG_LE, (long) cand[c] << ENTRY_SHIFT);
        }
        for (int c = 0; c < n; c++) {
            int e = cand[c];
            long at = (long) e << ENTRY_SHIFT;
            long x0 = hashes.get(LONG_LE, at) ^ q0;
            long x1 = hashes.get(LONG_LE, at + 8) ^ q1;
            long x2 = hashes.get(LONG_LE, at + 16) ^ q2;
            long x3 = hashes.get(LONG_LE, at + 24) ^ q3;
            int d = Long.bitCount(x0) + Long.bitCount(x1) + Long.bitCount(x2) + Long.bitCount(x3);
            if (d <= r && firstCovering(i, radii, starts, widths, x0, x1, x2, x3)) {
                sink.hit(e, d);
            }
        }
        return touched;
    }

    /** Whether no searched chunk before {@code i} is within its radius of the difference {@code x0..x3}. */
    private static boolean firstCovering(
            int i, int[] radii, int[] starts, int[] widths, long x0, long x1, long x2, long x3) {
        for (int j = 0; j < i; j++) {
            if (radii[j] >= 0
                    && Long.bitCount(MultiIndexHamming.chunkValue(x0, x1, x2, x3, starts[j], widths[j])) <= radii[j]) {
                return false;
            }
        }
        return true;
    }
}
