package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Tuning harness (not a test, not JMH): the version-1 multi-index tables and postings, but each candidate is first
 * checked against a folded copy of its hash in a smaller array beside the hash list, and the 32-byte hash is read only
 * when the fold allows a hit. Folding XORs groups of hash bits into one bit, so the fold distance never exceeds the
 * hash distance: 64-bit fold (w0^w1^w2^w3, 8 bytes per entry, 80 MB at 10 M; a random candidate passes r = 31 with
 * probability 0.45) and 128-bit fold (w0^w2, w1^w3, 16 bytes, 160 MB; ~2e-9). The point: a random load into 80-160 MB
 * costs less than one into the 320 MB hash list ({@link RandomLoadExperiment}). Checks identical hits, then times the
 * version-1 search and both folds alternately (CPU time per query). Run after {@code ./mvnw -pl engine test-compile}:
 * {@code java -Xmx4g -cp engine/target/classes:engine/target/test-classes io.hashmatch.index.SketchExperiment 10000000
 * [rounds]}
 */
final class SketchExperiment {
    private SketchExperiment() {}

    /** The version-1 search with a fold check before each candidate's hash read; {@code words} 1 or 2 fold words. */
    static final class Folded {
        final MemorySegment hashes;
        final MemorySegment section;
        final MemorySegment folds;
        final int words;
        final MultiIndexHamming plans;
        final int[] start;
        final int[] width;
        final long[] table;
        final long[] postings;
        int[] from = new int[1024];
        int[] to = new int[1024];
        final int[] cand = new int[1 << 16];
        final int[] pass = new int[1 << 16];
        long touched;

        Folded(MemorySegment hashes, MemorySegment section, MultiIndexHamming plans, int words, Arena arena) {
            this.hashes = hashes;
            this.section = section;
            this.plans = plans;
            this.words = words;
            int count = FlatHashes.count(hashes);
            folds = arena.allocate(8L * words * count, 64);
            for (int e = 0; e < count; e++) {
                long h = (long) e << ENTRY_SHIFT;
                long w0 = hashes.get(LONG_LE, h);
                long w1 = hashes.get(LONG_LE, h + 8);
                long w2 = hashes.get(LONG_LE, h + 16);
                long w3 = hashes.get(LONG_LE, h + 24);
                if (words == 1) {
                    folds.set(LONG_LE, 8L * e, w0 ^ w1 ^ w2 ^ w3);
                } else {
                    folds.set(LONG_LE, 16L * e, w0 ^ w2);
                    folds.set(LONG_LE, 16L * e + 8, w1 ^ w3);
                }
            }
            int m = section.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
            start = new int[m];
            width = new int[m];
            table = new long[m];
            postings = new long[m];
            for (int i = 0; i < m; i++) {
                long d = MultiIndexHamming.DESCRIPTORS_OFFSET + (long) MultiIndexHamming.DESCRIPTOR_BYTES * i;
                start[i] = section.get(INT_LE, d);
                width[i] = section.get(INT_LE, d + 4);
                table[i] = section.get(LONG_LE, d + 8);
                postings[i] = section.get(LONG_LE, d + 16);
            }
        }

        void search(PdqHash query, int r, HitSink sink) {
            MultiIndexHamming.Plan plan = plans.plan(r);
            int[] radii = plan.radii();
            for (int i = 0; i < start.length; i++) {
                if (radii[i] >= 0) {
                    searchChunk(i, plan.masks()[i], radii, query.w0(), query.w1(), query.w2(), query.w3(), r, sink);
                }
            }
        }

        private void searchChunk(
                int i, int[] masks, int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            MemorySegment s = section;
            int qv = (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, start[i], width[i]);
            int probes = masks.length;
            if (from.length < probes) {
                from = new int[probes];
                to = new int[probes];
            }
            int[] from = this.from;
            int[] to = this.to;
            long t = table[i];
            for (int k = 0; k < probes; k++) {
                long range = s.get(LONG_LE, t + 4L * (qv ^ masks[k]));
                from[k] = (int) range;
                to[k] = (int) (range >>> 32);
            }
            long p0 = postings[i];
            long touched = 0;
            for (int k = 0; k < probes; k++) {
                touched += s.get(INT_LE, p0 + 4L * (from[k] < to[k] ? from[k] : 0));
            }
            this.touched = touched;
            int n = 0;
            for (int k = 0; k < probes; k++) {
                for (int p = from[k]; p < to[k]; p++) {
                    cand[n++] = s.get(INT_LE, p0 + 4L * p);
                }
            }
            verify(i, radii, n, q0, q1, q2, q3, r, sink);
        }

        private void verify(int i, int[] radii, int n, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            MemorySegment f = folds;
            long touched = 0;
            int passed = 0;
            if (words == 1) {
                long qf = q0 ^ q1 ^ q2 ^ q3;
                for (int c = 0; c < n; c++) {
                    touched += f.get(LONG_LE, 8L * cand[c]);
                }
                for (int c = 0; c < n; c++) {
                    if (Long.bitCount(f.get(LONG_LE, 8L * cand[c]) ^ qf) <= r) {
                        pass[passed++] = cand[c];
                    }
                }
            } else {
                long qa = q0 ^ q2;
                long qb = q1 ^ q3;
                for (int c = 0; c < n; c++) {
                    touched += f.get(LONG_LE, 16L * cand[c]);
                }
                for (int c = 0; c < n; c++) {
                    long at = 16L * cand[c];
                    if (Long.bitCount(f.get(LONG_LE, at) ^ qa) + Long.bitCount(f.get(LONG_LE, at + 8) ^ qb) <= r) {
                        pass[passed++] = cand[c];
                    }
                }
            }
            this.touched +=
                    touched + LookupRace.verify(hashes, pass, passed, i, radii, start, width, q0, q1, q2, q3, r, sink);
        }

        HammingIndex asIndex() {
            return LookupRace.asIndex(FlatHashes.count(hashes), this::search);
        }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            MemorySegment section =
                    SectionLayouts.multiIndex(f.hashes(), arena, MultiIndexHamming.VERSION_OFFSET_TABLES);
            MultiIndexHamming mih = MultiIndexHamming.open(f.hashes(), section);
            List<LookupRace.Contender> contenders =
                    new ArrayList<>(List.of(new LookupRace.Contender("version 1", mih)));
            for (int words = 1; words <= 2; words++) {
                contenders.add(new LookupRace.Contender(
                        words == 1 ? "64-bit fold" : "128-bit fold",
                        new Folded(f.hashes(), section, mih, words, arena).asIndex()));
            }
            LookupRace.race(contenders, f, rounds);
        }
    }
}
