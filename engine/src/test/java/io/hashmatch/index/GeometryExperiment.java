package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.INT_LE;
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
 * Tuning harness (not a test, not JMH): the multi-index chunk counts given, built over the same 10 M fixture hashes
 * in one JVM, checked to return identical hits for every query, then timed in alternating order (CPU time of the
 * searching thread per query, robust against other processes on the cores). For each geometry it prints the cost
 * model's plan (probes, modelled cost) beside what the queries really touched (probes, non-empty slots, candidates).
 * Run after {@code ./mvnw -pl engine test-compile}: {@code java -Xmx4g -cp
 * engine/target/classes:engine/target/test-classes io.hashmatch.index.GeometryExperiment 10000000 11,12,13,14
 * [rounds]}
 */
final class GeometryExperiment {
    private GeometryExperiment() {}

    static long sinkTotal;

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int[] ms = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int r = Integer.getInteger("radius", 31);
        long[] list = HashListFixture.hashList(n, 1);
        long[] queries = HashListFixture.queries(list, 4096, 2);
        int qn = queries.length / 4;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            list = null;
            List<MultiIndexHamming> indexes = new ArrayList<>();
            for (int m : ms) {
                long t0 = System.nanoTime();
                MemorySegment section = MultiIndexHamming.build(hashes, arena, MultiIndexHamming.evenWidths(m));
                MultiIndexHamming mih = MultiIndexHamming.open(hashes, section);
                indexes.add(mih);
                MultiIndexHamming.Plan p = mih.plan(r);
                long[] touched = touched(mih, section, p, queries, r);
                System.out.printf(
                        "m=%d widths %s build %.1f s, %.1f B/entry; plan radii %s: model probes %d, cost %.0f;"
                                + " measured per query: probes %.0f, non-empty %.0f, candidates %.0f%n",
                        m,
                        Arrays.toString(MultiIndexHamming.evenWidths(m)),
                        (System.nanoTime() - t0) / 1e9,
                        section.byteSize() / (double) n,
                        Arrays.toString(p.radii()),
                        p.probes(),
                        p.cost(),
                        touched[0] / (double) qn,
                        touched[1] / (double) qn,
                        touched[2] / (double) qn);
            }
            long[] reference = hits(indexes.get(0), queries, r);
            for (int i = 1; i < indexes.size(); i++) {
                if (!Arrays.equals(reference, hits(indexes.get(i), queries, r))) {
                    throw new AssertionError("m=" + ms[i] + " differs from m=" + ms[0]);
                }
            }
            System.out.println("identical hits for all " + qn + " queries (" + reference.length + " hits)");
            double[][] cpu = new double[ms.length][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int j = 0; j < ms.length; j++) {
                    int i = (round % 2 == 0) ? j : ms.length - 1 - j; // alternate the order
                    cpu[i][round] = time(indexes.get(i), queries, r);
                }
                StringBuilder line = new StringBuilder("round " + round + ", load " + load() + ":");
                for (int i = 0; i < ms.length; i++) {
                    line.append(String.format(" m=%d %.4f", ms[i], cpu[i][round]));
                }
                System.out.println(line);
            }
            for (int i = 0; i < ms.length; i++) {
                double[] c = cpu[i].clone();
                Arrays.sort(c);
                System.out.printf(
                        "m=%d CPU ms/query median %.4f (min %.4f), ratio to m=%d per-round median %.2f%n",
                        ms[i], c[rounds / 2], c[0], ms[0], medianRatio(cpu[i], cpu[0]));
            }
        }
    }

    static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

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

    static double time(HammingIndex index, long[] queries, int r) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] acc = new long[1];
        HitSink sink = (e, d) -> acc[0] += e + d;
        int qn = queries.length / 4;
        long c0 = mx.getCurrentThreadCpuTime();
        for (int q = 0; q < qn; q++) {
            PdqHash h = HashListFixture.hash(queries, q);
            index.search(h, r, sink);
        }
        long c = mx.getCurrentThreadCpuTime() - c0;
        sinkTotal += acc[0];
        return c / 1e6 / qn;
    }

    /** Total probes, non-empty probed slots and candidates (postings read) over all queries. */
    static long[] touched(
            MultiIndexHamming mih, MemorySegment section, MultiIndexHamming.Plan p, long[] queries, int r) {
        long probes = 0;
        long nonEmpty = 0;
        long candidates = 0;
        int m = section.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
        for (int q = 0; q < queries.length / 4; q++) {
            for (int i = 0; i < m; i++) {
                long d = MultiIndexHamming.DESCRIPTORS_OFFSET + (long) MultiIndexHamming.DESCRIPTOR_BYTES * i;
                int start = section.get(INT_LE, d);
                int width = section.get(INT_LE, d + 4);
                long table = section.get(LONG_LE, d + 8);
                int qv = (int) MultiIndexHamming.chunkValue(
                        queries[4 * q], queries[4 * q + 1], queries[4 * q + 2], queries[4 * q + 3], start, width);
                for (int mask : p.masks()[i]) {
                    long range = section.get(LONG_LE, table + 4L * (qv ^ mask));
                    int size = (int) (range >>> 32) - (int) range;
                    probes++;
                    nonEmpty += size > 0 ? 1 : 0;
                    candidates += size;
                }
            }
        }
        return new long[] {probes, nonEmpty, candidates};
    }
}
