package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int[] ms = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            int r = f.radius();
            List<LookupRace.Contender> contenders = new ArrayList<>();
            for (int m : ms) {
                long t0 = System.nanoTime();
                MemorySegment section = MultiIndexHamming.build(
                        f.hashes(), arena, MultiIndexHamming.evenWidths(m), MultiIndexHamming.VERSION_OFFSET_TABLES);
                MultiIndexHamming mih = MultiIndexHamming.open(f.hashes(), section);
                contenders.add(new LookupRace.Contender("m=" + m, mih));
                MultiIndexHamming.Plan p = mih.plan(r);
                long[] touched = touched(section, p, f.queries());
                int qn = f.queryCount();
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
            LookupRace.race(contenders, f, rounds);
        }
    }

    /** Total probes, non-empty probed slots and candidates (postings read) over all queries. */
    static long[] touched(MemorySegment section, MultiIndexHamming.Plan p, long[] queries) {
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
