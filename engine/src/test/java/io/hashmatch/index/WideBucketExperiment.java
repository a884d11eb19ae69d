package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tuning harness (not a test, not JMH): the current multi-index layout against a prototype of wide buckets scanned
 * sequentially. The prototype cuts the hash into {@code m} chunks of ~16 bits (an offset table of 2^b + 1 ints per
 * chunk, cache-resident, and a posting list of all entries sorted by chunk value), probes each chunk at the radius the
 * planner gives it (radius 1 everywhere for m = 16, r = 31), and scans each probed bucket's <em>tags</em>, an array
 * parallel to the postings holding the values of the next one or two chunks of every entry: by the cycle lemma (see
 * {@link MultiIndexHamming}) a hit reported through chunk {@code i} at probe level {@code d_i} has {@code d_i +
 * d_(i+1) < u_i + u_(i+1)} and {@code d_i + d_(i+1) + d_(i+2) < u_i + u_(i+1) + u_(i+2)}, so only candidates whose
 * tags meet both bounds have their hash read. Builds both over the same fixture in one JVM, checks that the hits are
 * identical for all queries (and brute force's on the first 256), then races them (see {@link LookupRace}).
 *
 * <p>Run after {@code ./mvnw -pl engine test-compile}: {@code java -Xmx3g -cp
 * engine/target/classes:engine/target/test-classes io.hashmatch.index.WideBucketExperiment 10000000 16:8,16:2
 * [rounds]}, each contender {@code m:variant}. Variant 1: a 16-bit tag of the next chunk only, scanned by a scalar
 * loop; 2 and up: 32-bit tags of the next two chunks; 2: scalar loop over the segment; 3: a touch loop over every line
 * of the chunk's buckets, then per bucket a copy into an {@code int[]} and an OR-reduction of the pass test there (a
 * loop C2 vectorizes), rescanning only a bucket that has a pass; 4: the reduction straight from the segment; 5: 3
 * without the touch loop; 6: every bucket of the chunk copied back to back first, then reduced; 7: 6 with one
 * reduction per probe level first; 8: 7 with every bucket of the query copied before any reduction. Contender
 * {@code layout6}: {@link MultiIndexHamming}'s layout 6 (m = 16).
 */
final class WideBucketExperiment {
    private WideBucketExperiment() {}

    private static final ValueLayout.OfShort SHORT_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Bits of a neighbour chunk kept in a tag: the first 16 (all of a chunk of 16 bits or fewer). */
    static final int TAG_BITS = 16;

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String[] specs = args[1].split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            int r = f.radius();
            List<LookupRace.Contender> contenders = new ArrayList<>();
            long t0 = System.nanoTime();
            MemorySegment section = SectionLayouts.multiIndex(f.hashes(), arena, MultiIndexHamming.VERSION_RESTS);
            MultiIndexHamming current = MultiIndexHamming.open(f.hashes(), section);
            System.out.printf(
                    "layout %d, m = %d: build %.1f s, %.2f GB%n",
                    MultiIndexHamming.VERSION_RESTS,
                    current.chunkCount(),
                    (System.nanoTime() - t0) / 1e9,
                    section.byteSize() / 1e9);
            contenders.add(new LookupRace.Contender("layout5", current));
            for (String spec : specs) {
                if (spec.equals("layout6")) { // the main code's layout 6, sixteen 16-bit chunks
                    t0 = System.nanoTime();
                    MemorySegment wide = MultiIndexHamming.build(
                            f.hashes(), arena, MultiIndexHamming.evenWidths(16), MultiIndexHamming.VERSION);
                    System.out.printf(
                            "layout 6: build %.1f s, %.2f GB%n", (System.nanoTime() - t0) / 1e9, wide.byteSize() / 1e9);
                    contenders.add(new LookupRace.Contender(spec, MultiIndexHamming.open(f.hashes(), wide)));
                    continue;
                }
                String[] p = spec.split(":");
                int m = Integer.parseInt(p[0]);
                int tagChunks = Integer.parseInt(p[1]);
                t0 = System.nanoTime();
                Wide w = Wide.build(f.hashes(), MultiIndexHamming.evenWidths(m), r, tagChunks, arena);
                System.out.printf(
                        "wide m = %d (%s), radii %s, tags of %d chunk(s): build %.1f s, %.2f GB; per query %.0f"
                                + " probes, %.0f scanned, %.1f hashes read%n",
                        m,
                        Arrays.toString(MultiIndexHamming.evenWidths(m)),
                        Arrays.toString(w.radii),
                        tagChunks,
                        (System.nanoTime() - t0) / 1e9,
                        w.bytes() / 1e9,
                        (double) w.probesPerQuery(),
                        w.scanned(f.queries()) / (double) f.queryCount(),
                        w.passed(f.queries(), r) / (double) f.queryCount());
                contenders.add(
                        new LookupRace.Contender("wide" + m + "t" + tagChunks, LookupRace.asIndex(n, w::search)));
            }
            long[] some = Arrays.copyOf(f.queries(), 4 * 256);
            long[] brute = LookupRace.hits(BruteForceHamming.over(f.hashes()), some, r);
            for (LookupRace.Contender c : contenders) {
                if (!Arrays.equals(brute, LookupRace.hits(c.index(), some, r))) {
                    throw new AssertionError(c.name() + ": hits differ from brute force's on the first 256 queries");
                }
            }
            System.out.println("brute force's hits on the first 256 queries (" + brute.length + " hits)");
            LookupRace.race(contenders, f, rounds);
        }
    }

    /** The prototype: per probed chunk an offset table, the postings by chunk value, and their tags beside them. */
    static final class Wide {
        final MemorySegment hashes;
        final int m;
        final int[] starts;
        final int[] widths;
        final int[] radii;
        final int[][] masks;
        final int tagChunks;
        final MemorySegment[] offsets;
        final MemorySegment[] entries;
        final MemorySegment[] tags;
        /** Per chunk: the tag budgets at level 0, {@code u_i + u_(i+1) - 1} and {@code ... + u_(i+2) - 1}. */
        final int[] pairBudget;

        final int[] tripleBudget;
        final int[] from = new int[1 << 12];
        final int[] to = new int[1 << 12];
        final int[] cand = new int[1 << 14];
        int[] bucket = new int[1 << 16];
        final int[][] allFrom;
        final int[][] allTo;
        final int[] bufferStart;
        long touched;

        private Wide(MemorySegment hashes, int[] widths, int r, int tagChunks) {
            this.hashes = hashes;
            this.m = widths.length;
            this.widths = widths;
            this.tagChunks = tagChunks;
            starts = new int[m];
            for (int i = 1; i < m; i++) {
                starts[i] = starts[i - 1] + widths[i - 1];
            }
            MultiIndexHamming.Plan plan =
                    MultiIndexHamming.plan(FlatHashes.count(hashes), widths, r, MultiIndexHamming.WIDE_COSTS);
            radii = plan.radii();
            masks = plan.masks();
            allFrom = new int[m][];
            allTo = new int[m][];
            bufferStart = new int[m];
            for (int i = 0; i < m; i++) {
                allFrom[i] = new int[masks[i].length];
                allTo[i] = new int[masks[i].length];
            }
            offsets = new MemorySegment[m];
            entries = new MemorySegment[m];
            tags = new MemorySegment[m];
            pairBudget = new int[m];
            tripleBudget = new int[m];
            for (int i = 0; i < m; i++) {
                int u0 = radii[i] + 1;
                int u1 = radii[(i + 1) % m] + 1;
                int u2 = radii[(i + 2) % m] + 1;
                pairBudget[i] = u0 + u1 - 1;
                tripleBudget[i] = u0 + u1 + u2 - 1;
            }
        }

        static Wide build(MemorySegment hashes, int[] widths, int r, int tagChunks, Arena arena) {
            Wide w = new Wide(hashes, widths, r, tagChunks);
            int n = FlatHashes.count(hashes);
            int[] values = new int[n];
            for (int i = 0; i < w.m; i++) {
                if (w.radii[i] < 0) {
                    continue;
                }
                int b = widths[i];
                int[] cursor = new int[(1 << b) + 1];
                for (int e = 0; e < n; e++) {
                    values[e] = (int) chunkOf(hashes, e, w.starts[i], b);
                    cursor[values[e] + 1]++;
                }
                for (int v = 0; v < 1 << b; v++) {
                    cursor[v + 1] += cursor[v];
                }
                MemorySegment off = arena.allocate(4L * cursor.length, 64);
                MemorySegment.copy(cursor, 0, off, INT_LE, 0, cursor.length);
                MemorySegment ent = arena.allocate(4L * n, 64);
                MemorySegment tag = arena.allocate((tagChunks >= 2 ? 4L : 2L) * n, 64);
                int next = (i + 1) % w.m;
                int next2 = (i + 2) % w.m;
                for (int e = 0; e < n; e++) { // stable counting sort: ascending entries within a value
                    int p = cursor[values[e]]++;
                    ent.set(INT_LE, 4L * p, e);
                    int t1 = (int) chunkOf(hashes, e, w.starts[next], Math.min(TAG_BITS, widths[next]));
                    if (tagChunks >= 2) {
                        int t2 = (int) chunkOf(hashes, e, w.starts[next2], Math.min(TAG_BITS, widths[next2]));
                        tag.set(INT_LE, 4L * p, t1 | t2 << 16);
                    } else {
                        tag.set(SHORT_LE, 2L * p, (short) t1);
                    }
                }
                w.offsets[i] = off;
                w.entries[i] = ent;
                w.tags[i] = tag;
            }
            return w;
        }

        long bytes() {
            long b = 0;
            for (int i = 0; i < m; i++) {
                if (offsets[i] != null) {
                    b += offsets[i].byteSize() + entries[i].byteSize() + tags[i].byteSize();
                }
            }
            return b;
        }

        long probesPerQuery() {
            return Arrays.stream(masks).mapToLong(a -> a.length).sum();
        }

        long scanned(long[] queries) {
            long s = 0;
            for (int q = 0; q < queries.length / 4; q++) {
                for (int i = 0; i < m; i++) {
                    int qv = (int) MultiIndexHamming.chunkValue(
                            queries[4 * q],
                            queries[4 * q + 1],
                            queries[4 * q + 2],
                            queries[4 * q + 3],
                            starts[i],
                            widths[i]);
                    for (int mask : masks[i]) {
                        s += offsets[i].get(INT_LE, 4L * ((qv ^ mask) + 1)) - offsets[i].get(INT_LE, 4L * (qv ^ mask));
                    }
                }
            }
            return s;
        }

        /** Candidates that pass the tag filter (hashes read), over all queries. */
        long passed(long[] queries, int r) {
            long[] count = new long[1];
            for (int q = 0; q < queries.length / 4; q++) {
                search(HashListFixture.hash(queries, q), r, (e, d) -> {}, count);
            }
            return count[0];
        }

        void search(PdqHash query, int r, HitSink sink) {
            search(query, r, sink, null);
        }

        private void search(PdqHash query, int r, HitSink sink, long @org.jspecify.annotations.Nullable [] passed) {
            long q0 = query.w0();
            long q1 = query.w1();
            long q2 = query.w2();
            long q3 = query.w3();
            if (tagChunks == 8) { // every bucket of every chunk into the buffer first, then the chunks' scans
                int total = 0;
                for (int i = 0; i < m; i++) {
                    if (radii[i] < 0) {
                        continue;
                    }
                    int qv = (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, starts[i], widths[i]);
                    int[] mk = masks[i];
                    for (int k = 0; k < mk.length; k++) {
                        long at = 4L * (qv ^ mk[k]);
                        allFrom[i][k] = offsets[i].get(INT_LE, at);
                        allTo[i][k] = offsets[i].get(INT_LE, at + 4);
                        total += allTo[i][k] - allFrom[i][k];
                    }
                }
                if (total > bucket.length) {
                    bucket = new int[total];
                }
                int at = 0;
                for (int i = 0; i < m; i++) {
                    bufferStart[i] = at;
                    if (radii[i] < 0) {
                        continue;
                    }
                    for (int k = 0; k < masks[i].length; k++) {
                        MemorySegment.copy(
                                tags[i], INT_LE, 4L * allFrom[i][k], bucket, at, allTo[i][k] - allFrom[i][k]);
                        at += allTo[i][k] - allFrom[i][k];
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                if (radii[i] < 0) {
                    continue;
                }
                int[] mk = masks[i];
                int probes = mk.length;
                MemorySegment off = offsets[i];
                MemorySegment tg = tags[i];
                MemorySegment en = entries[i];
                int qv = (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, starts[i], widths[i]);
                int next = i + 1 == m ? 0 : i + 1;
                int next2 = next + 1 == m ? 0 : next + 1;
                int qt = (int)
                        MultiIndexHamming.chunkValue(q0, q1, q2, q3, starts[next], Math.min(TAG_BITS, widths[next]));
                for (int k = 0; k < probes; k++) { // phase 1: bucket ranges, from a cache-resident table
                    if (tagChunks == 8) {
                        from[k] = allFrom[i][k];
                        to[k] = allTo[i][k];
                        continue;
                    }
                    long at = 4L * (qv ^ mk[k]);
                    from[k] = off.get(INT_LE, at);
                    to[k] = off.get(INT_LE, at + 4);
                }
                int n = 0;
                if (tagChunks >= 3) { // tags of two chunks, each bucket first OR-reduced in a loop C2 vectorizes
                    qt |= (int) MultiIndexHamming.chunkValue(
                                    q0, q1, q2, q3, starts[next2], Math.min(TAG_BITS, widths[next2]))
                            << 16;
                    long t = 0;
                    for (int k = 0; k < probes && tagChunks <= 4; k++) { // 5 and up: no touch loop
                        for (int p = from[k], end = to[k]; p < end; p += 16) {
                            t += tg.get(INT_LE, 4L * p);
                        }
                    }
                    touched = t;
                    int[] buf = bucket;
                    if (tagChunks == 6 || tagChunks == 7) { // every bucket of the chunk into the buffer first
                        int total = 0;
                        for (int k = 0; k < probes; k++) {
                            total += to[k] - from[k];
                        }
                        if (total > buf.length) {
                            buf = bucket = new int[total];
                        }
                        for (int k = 0, at = 0; k < probes; k++) {
                            MemorySegment.copy(tg, INT_LE, 4L * from[k], buf, at, to[k] - from[k]);
                            at += to[k] - from[k];
                        }
                    }
                    int levelAny = -1; // 7: each level's buckets reduced at once first, its buckets only if one passes
                    int levelEnd = 0;
                    for (int k = 0, at = tagChunks == 8 ? bufferStart[i] : 0; k < probes; k++) {
                        int level = Integer.bitCount(mk[k]);
                        if (tagChunks >= 7 && k == levelEnd) {
                            int size = 0;
                            while (levelEnd < probes && Integer.bitCount(mk[levelEnd]) == level) {
                                size += to[levelEnd] - from[levelEnd];
                                levelEnd++;
                            }
                            levelAny = anyPass(buf, at, size, qt, pairBudget[i] - level, tripleBudget[i] - level);
                        }
                        if (levelAny >= 0) {
                            at += to[k] - from[k];
                            continue;
                        }
                        int a = pairBudget[i] - level;
                        int b = tripleBudget[i] - level;
                        int f = from[k];
                        int size = to[k] - f;
                        int any;
                        if (tagChunks >= 6) {
                            any = anyPass(buf, at, size, qt, a, b);
                            at += size;
                        } else if (tagChunks != 4) {
                            if (size > buf.length) {
                                buf = bucket = new int[size];
                            }
                            MemorySegment.copy(tg, INT_LE, 4L * f, buf, 0, size);
                            any = anyPass(buf, 0, size, qt, a, b);
                        } else {
                            any = anyPass(tg, f, f + size, qt, a, b);
                        }
                        if (any < 0) {
                            for (int p = f, end = f + size; p < end; p++) {
                                int x = tg.get(INT_LE, 4L * p) ^ qt;
                                if (((a - Integer.bitCount(x & 0xFFFF)) | (b - Integer.bitCount(x))) >= 0) {
                                    cand[n++] = en.get(INT_LE, 4L * p);
                                }
                            }
                        }
                    }
                } else if (tagChunks == 2) {
                    qt |= (int) MultiIndexHamming.chunkValue(
                                    q0, q1, q2, q3, starts[next2], Math.min(TAG_BITS, widths[next2]))
                            << 16;
                    long t = 0;
                    for (int k = 0; k < probes; k++) { // phase 2: one load per line of every bucket
                        for (int p = from[k], end = to[k]; p < end; p += 16) {
                            t += tg.get(INT_LE, 4L * p);
                        }
                    }
                    touched = t;
                    for (int k = 0; k < probes; k++) { // phase 3: scan the tags
                        int level = Integer.bitCount(mk[k]);
                        int a = pairBudget[i] - level;
                        int b = tripleBudget[i] - level;
                        for (int p = from[k], end = to[k]; p < end; p++) {
                            int x = tg.get(INT_LE, 4L * p) ^ qt;
                            if (((a - Integer.bitCount(x & 0xFFFF)) | (b - Integer.bitCount(x))) >= 0) {
                                cand[n++] = en.get(INT_LE, 4L * p);
                            }
                        }
                    }
                } else {
                    long t = 0;
                    for (int k = 0; k < probes; k++) {
                        for (int p = from[k], end = to[k]; p < end; p += 32) {
                            t += tg.get(SHORT_LE, 2L * p);
                        }
                    }
                    touched = t;
                    for (int k = 0; k < probes; k++) {
                        int a = pairBudget[i] - Integer.bitCount(mk[k]);
                        for (int p = from[k], end = to[k]; p < end; p++) {
                            int x = (tg.get(SHORT_LE, 2L * p) ^ qt) & 0xFFFF;
                            if (a - Integer.bitCount(x) >= 0) {
                                cand[n++] = en.get(INT_LE, 4L * p);
                            }
                        }
                    }
                }
                if (passed != null) {
                    passed[0] += n;
                }
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
                    if (d <= r && firstChainStart(x0, x1, x2, x3) == i) {
                        sink.hit(e, d);
                    }
                }
            }
        }

        /** Sign bit set if some tag of {@code buf[0..size)} meets both budgets. */
        private static int anyPass(int[] buf, int from, int size, int qt, int a, int b) {
            int acc = 0;
            for (int p = from, end = from + size; p < end; p++) {
                int x = buf[p] ^ qt;
                acc |= ~((a - Integer.bitCount(x & 0xFFFF)) | (b - Integer.bitCount(x)));
            }
            return acc;
        }

        /** As above, straight from the segment. */
        private static int anyPass(MemorySegment tg, int from, int to, int qt, int a, int b) {
            int acc = 0;
            for (int p = from; p < to; p++) {
                int x = tg.get(INT_LE, 4L * p) ^ qt;
                acc |= ~((a - Integer.bitCount(x & 0xFFFF)) | (b - Integer.bitCount(x)));
            }
            return acc;
        }

        /** The first chunk from which every cyclic run has fewer differing bits than units, or -1. */
        private int firstChainStart(long x0, long x1, long x2, long x3) {
            for (int j = 0; j < m; j++) {
                int slack = 0;
                boolean start = true;
                for (int l = 0, c = j; l < m; l++, c = c + 1 == m ? 0 : c + 1) {
                    slack += radii[c]
                            + 1
                            - Long.bitCount(MultiIndexHamming.chunkValue(x0, x1, x2, x3, starts[c], widths[c]));
                    if (slack <= 0) {
                        start = false;
                        break;
                    }
                }
                if (start) {
                    return j;
                }
            }
            return -1;
        }
    }

    private static long chunkOf(MemorySegment hashes, int e, int start, int width) {
        long at = (long) e << ENTRY_SHIFT;
        return MultiIndexHamming.chunkValue(
                hashes.get(LONG_LE, at),
                hashes.get(LONG_LE, at + 8),
                hashes.get(LONG_LE, at + 16),
                hashes.get(LONG_LE, at + 24),
                start,
                width);
    }
}
