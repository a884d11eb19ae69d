package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tuning harness (not a test, not JMH) for a multi-index layout that fits the index bound at 10 M: the default geometry
 * and plans, but (1) each chunk's offset table replaced by 16-byte blocks of 16 values (the offset of the block's first
 * bucket and 16 four-bit bucket sizes; blocks with a bucket of 15 or more keep 17 offsets on the side), 1 byte per
 * value instead of 4, and (2) each posting a 12-byte record, the 64 hash bits that follow the chunk (wrapping at bit
 * 256) and the entry number. A posting whose probe level plus fingerprint distance exceeds the radius cannot be a hit
 * (the chunk and the fingerprint are disjoint bits), so the hash list is read only for the 27-45% of random candidates
 * that pass (probe levels 2 to 0). Builds the version-1 section, the blocks alone (postings unchanged) and the blocks
 * with the records over the same fixture hashes, checks identical hits for every query, then times the three
 * alternately (CPU time per query). Run after {@code ./mvnw -pl engine test-compile}: {@code java -Xmx4g -cp
 * engine/target/classes:engine/target/test-classes io.hashmatch.index.CompactFingerprintExperiment 10000000 [rounds]}
 */
final class CompactFingerprintExperiment {
    private CompactFingerprintExperiment() {}

    static final int BLOCK_VALUES = 16;
    static final int BLOCK_BYTES = 16;
    static final int RECORD_BYTES = 12;

    /** One chunk: geometry, blocks, records, and the exact offsets of blocks that hold a bucket of 15 or more. */
    record Chunk(int start, int width, MemorySegment blocks, MemorySegment records, int[][] overflow) {}

    /** Record size and the entry's offset in it: with fingerprints 12 and 8, without 4 and 0. */
    record Records(int bytes, int entryAt) {
        static final Records FINGERPRINTS = new Records(RECORD_BYTES, 8);
        static final Records ENTRIES = new Records(4, 0);
    }

    static final class Layout {
        final MemorySegment hashes;
        final int count;
        final Chunk[] chunks;
        final MultiIndexHamming plans;
        final Records kind;
        final int[] starts;
        final int[] widths;
        int[] from = new int[1024];
        int[] to = new int[1024];
        int[] level = new int[1024];
        final int[] candidates = new int[1 << 16];
        long touched;

        Layout(MemorySegment hashes, MultiIndexHamming plans, Chunk[] chunks, Records kind) {
            this.hashes = hashes;
            this.kind = kind;
            this.count = FlatHashes.count(hashes);
            this.plans = plans;
            this.chunks = chunks;
            this.starts = Arrays.stream(chunks).mapToInt(Chunk::start).toArray();
            this.widths = Arrays.stream(chunks).mapToInt(Chunk::width).toArray();
        }

        long bytes() {
            long b = 0;
            for (Chunk c : chunks) {
                b += c.blocks.byteSize() + c.records.byteSize();
            }
            return b;
        }

        void search(PdqHash query, int r, HitSink sink) {
            MultiIndexHamming.Plan plan = plans.plan(r);
            int[] radii = plan.radii();
            long q0 = query.w0();
            long q1 = query.w1();
            long q2 = query.w2();
            long q3 = query.w3();
            for (int i = 0; i < chunks.length; i++) {
                if (radii[i] >= 0) {
                    searchChunk(i, plan.masks()[i], radii, q0, q1, q2, q3, r, sink);
                }
            }
        }

        private void searchChunk(
                int i, int[] masks, int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            Chunk c = chunks[i];
            MemorySegment blocks = c.blocks;
            MemorySegment records = c.records;
            int qv = (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, c.start, c.width);
            long qfp = fingerprint(q0, q1, q2, q3, c.start + c.width);
            int probes = masks.length;
            if (from.length < probes) {
                from = new int[probes];
                to = new int[probes];
                level = new int[probes];
            }
            int[] from = this.from;
            int[] to = this.to;
            int[] level = this.level;
            for (int k = 0; k < probes; k++) { // phase 1: one 16-byte block per probe
                int v = qv ^ masks[k];
                long at = (long) (v >>> 4) * BLOCK_BYTES;
                int base = blocks.get(INT_LE, at);
                int side = blocks.get(INT_LE, at + 4);
                long sizes = blocks.get(LONG_LE, at + 8);
                int t = v & 15;
                int f;
                int n;
                if (side < 0) {
                    f = base + nibbleSum(sizes & ((1L << (4 * t)) - 1));
                    n = (int) (sizes >>> (4 * t)) & 15;
                } else {
                    f = c.overflow[side][t];
                    n = c.overflow[side][t + 1] - f;
                }
                from[k] = f;
                to[k] = f + n;
                level[k] = Integer.bitCount(masks[k]);
            }
            long touched = 0;
            int size = kind.bytes();
            for (int k = 0; k < probes; k++) { // phase 2a: first record of each non-empty bucket
                touched += records.get(INT_LE, (long) (from[k] < to[k] ? from[k] : 0) * size);
            }
            this.touched = touched;
            int[] cand = candidates;
            int n = 0;
            if (kind == Records.ENTRIES) {
                for (int k = 0; k < probes; k++) { // phase 2: gather
                    for (int p = from[k]; p < to[k]; p++) {
                        cand[n++] = records.get(INT_LE, 4L * p);
                        if (n == cand.length) {
                            verify(i, radii, cand, n, q0, q1, q2, q3, r, sink);
                            n = 0;
                        }
                    }
                }
                verify(i, radii, cand, n, q0, q1, q2, q3, r, sink);
                return;
            }
            for (int k = 0; k < probes; k++) { // phase 2: fingerprint filter
                int limit = r - level[k];
                for (int p = from[k]; p < to[k]; p++) {
                    long at = (long) p * RECORD_BYTES;
                    if (Long.bitCount(records.get(LONG_LE, at) ^ qfp) <= limit) {
                        cand[n++] = records.get(INT_LE, at + 8);
                        if (n == cand.length) {
                            verify(i, radii, cand, n, q0, q1, q2, q3, r, sink);
                            n = 0;
                        }
                    }
                }
            }
            verify(i, radii, cand, n, q0, q1, q2, q3, r, sink);
        }

        private void verify(
                int i, int[] radii, int[] cand, int n, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            touched += LookupRace.verify(hashes, cand, n, i, radii, starts, widths, q0, q1, q2, q3, r, sink);
        }
    }

    /** Sum of the 16 nibbles of {@code x}, each at most 14. */
    static int nibbleSum(long x) {
        long bytes = (x & 0x0F0F0F0F0F0F0F0FL) + ((x >>> 4) & 0x0F0F0F0F0F0F0F0FL);
        return (int) ((bytes * 0x0101010101010101L) >>> 56);
    }

    /** The 64 hash bits from bit {@code from} on, wrapping at 256. */
    static long fingerprint(long w0, long w1, long w2, long w3, int from) {
        int start = from & 255;
        int word = start >>> 6;
        int shift = start & 63;
        long lo = word == 0 ? w0 : word == 1 ? w1 : word == 2 ? w2 : w3;
        if (shift == 0) {
            return lo;
        }
        long hi = word == 0 ? w1 : word == 1 ? w2 : word == 2 ? w3 : w0;
        return (lo >>> shift) | (hi << (64 - shift));
    }

    /** The prototype layout derived from a built multi-index section (same geometry, same posting order). */
    static Layout build(MemorySegment hashes, MemorySegment section, MultiIndexHamming mih, Arena arena, Records kind) {
        int count = FlatHashes.count(hashes);
        int m = section.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
        Chunk[] chunks = new Chunk[m];
        for (int i = 0; i < m; i++) {
            long d = MultiIndexHamming.DESCRIPTORS_OFFSET + (long) MultiIndexHamming.DESCRIPTOR_BYTES * i;
            int start = section.get(INT_LE, d);
            int width = section.get(INT_LE, d + 4);
            long table = section.get(LONG_LE, d + 8);
            long postings = section.get(LONG_LE, d + 16);
            if (width < 4) {
                throw new IllegalArgumentException("chunks of at least 4 bits only");
            }
            int blockCount = 1 << (width - 4);
            MemorySegment blocks = arena.allocate((long) blockCount * BLOCK_BYTES, 64);
            List<int[]> overflow = new ArrayList<>();
            for (int b = 0; b < blockCount; b++) {
                long v0 = (long) b * BLOCK_VALUES;
                int base = section.get(INT_LE, table + 4 * v0);
                long sizes = 0;
                boolean big = false;
                int[] offsets = new int[BLOCK_VALUES + 1];
                for (int t = 0; t <= BLOCK_VALUES; t++) {
                    offsets[t] = section.get(INT_LE, table + 4 * (v0 + t));
                }
                for (int t = 0; t < BLOCK_VALUES; t++) {
                    int size = offsets[t + 1] - offsets[t];
                    big |= size >= 15;
                    sizes |= (long) Math.min(size, 15) << (4 * t);
                }
                long at = (long) b * BLOCK_BYTES;
                blocks.set(INT_LE, at, base);
                blocks.set(INT_LE, at + 4, big ? overflow.size() : -1);
                blocks.set(LONG_LE, at + 8, sizes);
                if (big) {
                    overflow.add(offsets);
                }
            }
            MemorySegment records = arena.allocate((long) count * kind.bytes() + 8, 64);
            for (int p = 0; p < count; p++) {
                int e = section.get(INT_LE, postings + 4L * p);
                if (kind == Records.ENTRIES) {
                    records.set(INT_LE, 4L * p, e);
                    continue;
                }
                long h = (long) e << ENTRY_SHIFT;
                long fp = fingerprint(
                        hashes.get(LONG_LE, h),
                        hashes.get(LONG_LE, h + 8),
                        hashes.get(LONG_LE, h + 16),
                        hashes.get(LONG_LE, h + 24),
                        start + width);
                records.set(LONG_LE, (long) p * RECORD_BYTES, fp);
                records.set(INT_LE, (long) p * RECORD_BYTES + 8, e);
            }
            chunks[i] = new Chunk(start, width, blocks, records, overflow.toArray(new int[0][]));
        }
        return new Layout(hashes, mih, chunks, kind);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            MemorySegment hashes = f.hashes();
            long t0 = System.nanoTime();
            MemorySegment section = SectionLayouts.multiIndex(hashes, arena, MultiIndexHamming.VERSION_OFFSET_TABLES);
            MultiIndexHamming mih = MultiIndexHamming.open(hashes, section);
            System.out.printf(
                    "version-1 layout %.1f B/entry (built in %.1f s)%n",
                    section.byteSize() / (double) n, (System.nanoTime() - t0) / 1e9);
            List<LookupRace.Contender> contenders =
                    new ArrayList<>(List.of(new LookupRace.Contender("version 1", mih)));
            for (Records kind : List.of(Records.ENTRIES, Records.FINGERPRINTS)) {
                String name = kind == Records.ENTRIES ? "compact blocks" : "compact blocks + fingerprints";
                long t1 = System.nanoTime();
                Layout layout = build(hashes, section, mih, arena, kind);
                System.out.printf(
                        "%s: %.1f B/entry (%.1f s from the version-1 section)%n",
                        name, layout.bytes() / (double) n, (System.nanoTime() - t1) / 1e9);
                contenders.add(new LookupRace.Contender(name, LookupRace.asIndex(layout.count, layout::search)));
            }
            LookupRace.race(contenders, f, rounds);
        }
    }
}
