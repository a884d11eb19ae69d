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
 * Tuning harness (not a test, not JMH): prototypes of the multi-index slot table against today's layout, over the
 * same fixture. Slot kinds: RANGE (today's offset table, table[v] and table[v+1] read as one long), SINGLE (4-byte
 * slots: an entry inline, -1 empty, -2-p a posting list at p whose last entry is stored complemented), PAIR (8-byte
 * slots: up to two entries inline, else -2-p as SINGLE). Phasing: per chunk (slots, postings, candidates of one chunk
 * before the next) or all chunks at once. Every prototype reads the fold before the hash, as layout 2 does.
 * {@code java -Xmx4g -cp engine/target/classes:engine/target/test-classes
 * io.hashmatch.index.InlineSlotExperiment 10000000 [rounds] [contenders]}
 */
final class InlineSlotExperiment {
    private InlineSlotExperiment() {}

    enum Kind {
        RANGE,
        SINGLE,
        PAIR
    }

    /** One prototype: per chunk a slot table and a posting list, the shared fold array. */
    static final class Proto {
        final Kind kind;
        final boolean allChunks;
        final MemorySegment hashes;
        final MemorySegment folds;
        final MemorySegment[] tables;
        final MemorySegment[] postings;
        final int[] starts;
        final int[] widths;
        final int count;
        long bytes;

        int[] candidates = new int[1 << 20];
        byte[] chunkOf = new byte[1 << 20];
        long[] raw = new long[1 << 20];
        int[] headFrom = new int[1 << 20];
        int[] headTo = new int[1 << 20];
        byte[] headChunk = new byte[1 << 20];
        long touched;

        Proto(Kind kind, boolean allChunks, MemorySegment hashes, MemorySegment section, Arena arena) {
            this.kind = kind;
            this.allChunks = allChunks;
            this.hashes = hashes;
            this.count = FlatHashes.count(hashes);
            int m = section.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
            starts = new int[m];
            widths = new int[m];
            tables = new MemorySegment[m];
            postings = new MemorySegment[m];
            long foldsAt = section.get(
                    LONG_LE, MultiIndexHamming.foldsOffsetField(m, MultiIndexHamming.VERSION_OFFSET_TABLES));
            folds = section.asSlice(foldsAt, 16L * count);
            bytes = 16L * count;
            for (int i = 0; i < m; i++) {
                long d = MultiIndexHamming.DESCRIPTORS_OFFSET + 24L * i;
                starts[i] = section.get(INT_LE, d);
                widths[i] = section.get(INT_LE, d + 4);
                MemorySegment table = section.asSlice(section.get(LONG_LE, d + 8), 4L * ((1L << widths[i]) + 1));
                MemorySegment post = section.asSlice(section.get(LONG_LE, d + 16), 4L * count);
                if (kind == Kind.RANGE) {
                    tables[i] = table;
                    postings[i] = post;
                } else {
                    convert(i, table, post, arena);
                }
                bytes += tables[i].byteSize() + postings[i].byteSize();
            }
        }

        private void convert(int i, MemorySegment table, MemorySegment post, Arena arena) {
            long values = 1L << widths[i];
            int inline = kind == Kind.SINGLE ? 1 : 2;
            long rest = 0;
            for (long v = 0; v < values; v++) {
                int c = table.get(INT_LE, 4 * (v + 1)) - table.get(INT_LE, 4 * v);
                if (c > inline) {
                    rest += c;
                }
            }
            MemorySegment t = arena.allocate(values * (kind == Kind.SINGLE ? 4 : 8), 64);
            MemorySegment p = arena.allocate(Math.max(4, 4 * rest), 64);
            int at = 0;
            for (long v = 0; v < values; v++) {
                int from = table.get(INT_LE, 4 * v);
                int to = table.get(INT_LE, 4 * (v + 1));
                int c = to - from;
                int lo;
                int hi = -1;
                if (c == 0) {
                    lo = -1;
                } else if (c == 1) {
                    lo = post.get(INT_LE, 4L * from);
                } else if (c == 2 && inline == 2) {
                    lo = post.get(INT_LE, 4L * from);
                    hi = post.get(INT_LE, 4L * from + 4);
                } else {
                    lo = -2 - at;
                    for (int k = from; k < to; k++) {
                        int e = post.get(INT_LE, 4L * k);
                        p.set(INT_LE, 4L * at++, k == to - 1 ? ~e : e);
                    }
                }
                if (kind == Kind.SINGLE) {
                    t.set(INT_LE, 4 * v, lo);
                } else {
                    t.set(LONG_LE, 8 * v, (lo & 0xFFFFFFFFL) | ((long) hi << 32));
                }
            }
            tables[i] = t;
            postings[i] = p;
        }

        void search(PdqHash q, int r, HitSink sink) {
            MultiIndexHamming.Plan plan = MultiIndexHamming.plan(count, widths, r, MultiIndexHamming.SLOT_COSTS);
            int[] radii = plan.radii();
            int m = widths.length;
            if (allChunks) {
                group(plan, 0, m, q, r, sink);
            } else {
                for (int i = 0; i < m; i++) {
                    if (radii[i] >= 0) {
                        group(plan, i, i + 1, q, r, sink);
                    }
                }
            }
        }

        private void group(MultiIndexHamming.Plan plan, int first, int end, PdqHash query, int r, HitSink sink) {
            long q0 = query.w0();
            long q1 = query.w1();
            long q2 = query.w2();
            long q3 = query.w3();
            int[][] masks = plan.masks();
            int[] radii = plan.radii();
            long[] raw = this.raw;
            int k = 0;
            for (int i = first; i < end; i++) { // phase 1: slots, no branch on what they hold
                int[] mk = masks[i];
                MemorySegment t = tables[i];
                int qv = (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, starts[i], widths[i]);
                if (kind == Kind.SINGLE) {
                    for (int j = 0; j < mk.length; j++) {
                        raw[k++] = t.get(INT_LE, 4L * (qv ^ mk[j])) | 0xFFFFFFFF00000000L; // no second entry
                    }
                } else if (kind == Kind.RANGE) {
                    for (int j = 0; j < mk.length; j++) {
                        raw[k++] = t.get(LONG_LE, 4L * (qv ^ mk[j]));
                    }
                } else {
                    for (int j = 0; j < mk.length; j++) {
                        raw[k++] = t.get(LONG_LE, 8L * (qv ^ mk[j]));
                    }
                }
            }
            int[] cand = candidates;
            byte[] chunk = chunkOf;
            int n = 0;
            int h = 0;
            k = 0;
            for (int i = first; i < end; i++) { // decode: inline entries to candidates, heads for the rest
                int probes = masks[i].length;
                byte ci = (byte) i;
                if (kind == Kind.RANGE) {
                    for (int j = 0; j < probes; j++, k++) {
                        long s = raw[k];
                        int from = (int) s;
                        int to = (int) (s >>> 32);
                        headFrom[h] = from;
                        headTo[h] = to;
                        headChunk[h] = ci;
                        h += from < to ? 1 : 0;
                    }
                } else {
                    for (int j = 0; j < probes; j++, k++) {
                        long s = raw[k];
                        int lo = (int) s;
                        int hi = (int) (s >>> 32);
                        cand[n] = lo;
                        chunk[n] = ci;
                        n += 1 + (lo >> 31);
                        cand[n] = hi;
                        chunk[n] = ci;
                        n += 1 + (hi >> 31);
                        headFrom[h] = -2 - lo;
                        headChunk[h] = ci;
                        h += (lo + 1) >>> 31;
                    }
                }
            }
            long t = 0;
            for (int j = 0; j < h; j++) { // touch the first posting of each list
                t += postings[headChunk[j]].get(INT_LE, 4L * headFrom[j]);
            }
            for (int j = 0; j < h; j++) {
                MemorySegment p = postings[headChunk[j]];
                byte ci = headChunk[j];
                if (kind == Kind.RANGE) {
                    for (int x = headFrom[j], to = headTo[j]; x < to; x++) {
                        cand[n] = p.get(INT_LE, 4L * x);
                        chunk[n++] = ci;
                    }
                } else {
                    long at = 4L * headFrom[j];
                    while (true) {
                        int e = p.get(INT_LE, at);
                        at += 4;
                        cand[n] = e ^ (e >> 31);
                        chunk[n++] = ci;
                        if (e < 0) {
                            break;
                        }
                    }
                }
            }
            MemorySegment f = folds;
            for (int c = 0; c < n; c++) {
                t += f.get(LONG_LE, 16L * cand[c]);
            }
            touched = t;
            long qa = q0 ^ q2;
            long qb = q1 ^ q3;
            int passed = 0;
            for (int c = 0; c < n; c++) {
                int e = cand[c];
                long at = 16L * e;
                if (Long.bitCount(f.get(LONG_LE, at) ^ qa) + Long.bitCount(f.get(LONG_LE, at + 8) ^ qb) <= r) {
                    chunk[passed] = chunk[c];
                    cand[passed++] = e;
                }
            }
            MemorySegment hs = hashes;
            for (int c = 0; c < passed; c++) {
                int e = cand[c];
                long at = (long) e << ENTRY_SHIFT;
                long x0 = hs.get(LONG_LE, at) ^ q0;
                long x1 = hs.get(LONG_LE, at + 8) ^ q1;
                long x2 = hs.get(LONG_LE, at + 16) ^ q2;
                long x3 = hs.get(LONG_LE, at + 24) ^ q3;
                int d = Long.bitCount(x0) + Long.bitCount(x1) + Long.bitCount(x2) + Long.bitCount(x3);
                if (d <= r && firstCovering(chunk[c], radii, x0, x1, x2, x3)) {
                    sink.hit(e, d);
                }
            }
        }

        private boolean firstCovering(int i, int[] radii, long x0, long x1, long x2, long x3) {
            for (int j = 0; j < i; j++) {
                if (radii[j] >= 0
                        && Long.bitCount(MultiIndexHamming.chunkValue(x0, x1, x2, x3, starts[j], widths[j]))
                                <= radii[j]) {
                    return false;
                }
            }
            return true;
        }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String which = args.length > 2 ? args[2] : "RANGE/chunk,RANGE/all,SINGLE/chunk,SINGLE/all,PAIR/chunk,PAIR/all";
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            MemorySegment section =
                    SectionLayouts.multiIndex(f.hashes(), arena, MultiIndexHamming.VERSION_OFFSET_TABLES);
            List<LookupRace.Contender> cs = new ArrayList<>();
            cs.add(new LookupRace.Contender("layout 2", MultiIndexHamming.open(f.hashes(), section)));
            System.out.printf("layout 2: %.1f B/entry%n", section.byteSize() / (double) n);
            for (String w : which.split(",")) {
                String[] kp = w.split("/");
                Proto p = new Proto(Kind.valueOf(kp[0]), kp[1].equals("all"), f.hashes(), section, arena);
                System.out.printf("%s: %.1f B/entry (%d bytes)%n", w, p.bytes / (double) n, p.bytes);
                cs.add(new LookupRace.Contender(w, LookupRace.asIndex(n, p::search)));
            }
            LookupRace.race(cs, f, rounds);
        }
    }
}
