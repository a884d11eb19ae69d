package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

/**
 * Tuning harness (not a test, not JMH): where the multi-index search time goes at r = 31, as CPU time per query of
 * the calling thread (robust against other processes taking the cores, unlike wall time). Each mode repeats the
 * default-geometry search's phases up to one point, over the same 4096 fixture queries: 1 table slots only; 2 + the
 * touch load of each probe's first posting; 3 + gathering the postings; 4 + the touch load of each candidate's hash;
 * 5 + the verifying popcounts; 6 the real {@link MultiIndexHamming#search}. Consecutive modes differ by one phase, so
 * their differences are the phases' costs. Run after {@code ./mvnw -pl engine test-compile}:
 * {@code java -Xmx3g -cp engine/target/classes:engine/target/test-classes
 * io.hashmatch.index.SearchAnatomyExperiment 10000000}
 */
final class SearchAnatomyExperiment {
    private SearchAnatomyExperiment() {}

    static long sink;
    static int[] from = new int[4096];
    static int[] to = new int[4096];
    static int[] cand = new int[1 << 16];
    static long[] counts = new long[3];

    /** Modes: 1 table reads; 2 + postings touch; 3 + gather; 4 + hash touch; 5 + verify popcounts. */
    static long phased(
            int mode,
            int[] masks,
            MemorySegment s,
            MemorySegment h,
            long table,
            long postings,
            int qv,
            int count,
            long q0,
            long q1,
            long q2,
            long q3) {
        int probes = masks.length;
        long acc = 0;
        for (int k = 0; k < probes; k++) {
            long range = s.get(LONG_LE, table + 4L * (qv ^ masks[k]));
            from[k] = (int) range;
            to[k] = (int) (range >>> 32);
        }
        if (mode == 1) {
            return from[probes - 1];
        }
        int last = count - 1;
        for (int k = 0; k < probes; k++) {
            acc += s.get(INT_LE, postings + 4L * Math.min(from[k], last));
        }
        if (mode == 2) {
            return acc;
        }
        int n = 0;
        for (int k = 0; k < probes; k++) {
            for (int p = from[k]; p < to[k]; p++) {
                cand[n++] = s.get(INT_LE, postings + 4L * p);
            }
        }
        counts[0] += probes;
        counts[1] += n;
        if (mode == 3) {
            return acc + n;
        }
        for (int c = 0; c < n; c++) {
            acc += h.get(LONG_LE, (long) cand[c] << ENTRY_SHIFT);
        }
        if (mode == 4) {
            return acc;
        }
        for (int c = 0; c < n; c++) {
            long at = (long) cand[c] << ENTRY_SHIFT;
            int d = Long.bitCount(h.get(LONG_LE, at) ^ q0)
                    + Long.bitCount(h.get(LONG_LE, at + 8) ^ q1)
                    + Long.bitCount(h.get(LONG_LE, at + 16) ^ q2)
                    + Long.bitCount(h.get(LONG_LE, at + 24) ^ q3);
            if (d <= 31) {
                acc += d;
            }
        }
        return acc;
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int r = 31;
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            MemorySegment hashes = f.hashes();
            long[] queries = f.queries();
            MemorySegment section = SectionLayouts.multiIndex(hashes, arena, MultiIndexHamming.VERSION_OFFSET_TABLES);
            MultiIndexHamming mih = MultiIndexHamming.open(hashes, section);
            MultiIndexHamming.Plan plan = mih.plan(r);
            int m = mih.chunkCount();
            int[] start = new int[m];
            int[] bits = new int[m];
            long[] table = new long[m];
            long[] postings = new long[m];
            for (int i = 0; i < m; i++) {
                long d = MultiIndexHamming.DESCRIPTORS_OFFSET + MultiIndexHamming.DESCRIPTOR_BYTES * (long) i;
                start[i] = section.get(INT_LE, d);
                bits[i] = section.get(INT_LE, d + 4);
                table[i] = section.get(LONG_LE, d + 8);
                postings[i] = section.get(LONG_LE, d + 16);
            }
            for (int round = 0; round < 8; round++) {
                for (int mode = 1; mode <= 6; mode++) {
                    var mx = ManagementFactory.getThreadMXBean();
                    long c0 = mx.getCurrentThreadCpuTime();
                    long stats = 0;
                    int qn = queries.length / 4;
                    for (int q = 0; q < qn; q++) {
                        long q0 = queries[4 * q],
                                q1 = queries[4 * q + 1],
                                q2 = queries[4 * q + 2],
                                q3 = queries[4 * q + 3];
                        if (mode == 6) {
                            long[] c = new long[1];
                            mih.search(HashListFixture.hash(queries, q), r, (e, dd) -> c[0] += e);
                            stats += c[0];
                            continue;
                        }
                        for (int i = 0; i < m; i++) {
                            stats += phased(
                                    mode,
                                    plan.masks()[i],
                                    section,
                                    hashes,
                                    table[i],
                                    postings[i],
                                    (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, start[i], bits[i]),
                                    n,
                                    q0,
                                    q1,
                                    q2,
                                    q3);
                        }
                    }
                    long c = mx.getCurrentThreadCpuTime() - c0;
                    sink += stats;
                    System.out.printf(
                            "mode %d cpu %.4f ms/query probes %d candidates %d per query%n",
                            mode, c / 1e6 / qn, counts[0] / qn, counts[1] / qn);
                    counts[0] = 0;
                    counts[1] = 0;
                }
            }
            System.out.println(sink);
        }
    }
}
