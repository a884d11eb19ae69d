package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tuning harness (not a test, not JMH): variants of the layout-3 search loop over the same section of a real snapshot
 * (as {@code bench/load/make-list.sh} writes it) with the queries of {@code bench/load/wrk-lookups.sh}, raced against
 * the snapshot's own index ({@link LookupRace}: identical hits checked, CPU per query alternated). Variants:
 *
 * <ul>
 *   <li>{@code copy}: the main search loop, copied (the prototype's own overhead);
 *   <li>{@code sorted}: the same with each chunk's probe masks in increasing order (probes of one page/line adjacent);
 *   <li>{@code pipe}: chunk i's fold touch, then chunk i+1's slot loads, then chunk i's filter (memory phases back to
 *       back, the compute after them);
 *   <li>{@code fold-in-decode}: a candidate's fold touched in the pass that decodes its slot;
 *   <li>{@code ovf-early}: the overflow heads touched right before the inline candidates' folds (their latency
 *       overlapped), the overflow entries gathered after;
 *   <li>{@code direct}: no decode before the fold touch: one touch loop over the slots (both halves' folds and the
 *       overflow head, empty halves loading entry 0's, always cached), the filter over the slots;
 *   <li>{@code defer}, {@code defer-sorted}: the overflowing slots of all chunks handled once at the end of the query
 *       (one round of posting loads instead of one per chunk);
 *   <li>{@code pipe-sorted}: {@code pipe} with sorted masks;
 *   <li>{@code lean}: masks as byte offsets (no shift per probe), overflowing slots noted by probe index only (one
 *       store per probe fewer);
 *   <li>anatomy ({@code a1}..{@code a4}, not exact, timed only): slot loads only, + decode, + overflow postings, + fold
 *       touch.
 * </ul>
 *
 * With {@code -Dstats=true} it prints the probes, inline candidates, overflowing slots and overflow entries per query
 * instead (of the first variant).
 *
 * {@code java -Xmx2g -cp engine/target/classes:engine/target/test-classes:DEPENDENCIES
 * io.hashmatch.index.ProbeLoopExperiment SNAPSHOT [rounds] [variants]}
 */
final class ProbeLoopExperiment {
    private ProbeLoopExperiment() {}

    static final boolean STATS = Boolean.getBoolean("stats");
    static long statProbes;
    static long statInline;
    static long statOverflowing;
    static long statOverflowEntries;

    /** How a prototype orders its loads and its compute (see the class comment). */
    enum Kind {
        COPY,
        PIPE,
        FOLD_IN_DECODE,
        OVERFLOW_EARLY,
        DIRECT,
        DEFER,
        LEAN
    }

    /** A prototype search over one layout-3 section. */
    static final class Proto implements LookupRace.Search {
        final MemorySegment hashes;
        final MemorySegment s;
        final MemorySegment folds;
        final int count;
        final int m;
        final int[] start;
        final int[] width;
        final long[] table;
        final long[] post;
        final Kind kind;
        final boolean sortedMasks;
        final int stopAfter; // 0 = full; 1..4 anatomy
        long[] slots = new long[1 << 12];
        long[] slotsNext = new long[1 << 12];
        int[] cand = new int[1 << 16];
        int[] candOther = new int[1 << 16];
        int[] from = new int[1 << 12];
        int[] to = new int[1 << 12];
        long touched;
        MultiIndexHamming.@org.jspecify.annotations.Nullable Plan plan;
        int planRadius = -1;
        int[][] masks = new int[0][];

        Proto(MemorySegment hashes, MemorySegment section, Kind kind, boolean sortedMasks, int stopAfter) {
            this.hashes = hashes;
            this.s = section;
            this.count = FlatHashes.count(hashes);
            this.kind = kind;
            this.sortedMasks = sortedMasks;
            this.stopAfter = stopAfter;
            m = section.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
            start = new int[m];
            width = new int[m];
            table = new long[m];
            post = new long[m];
            for (int i = 0; i < m; i++) {
                long d = MultiIndexHamming.DESCRIPTORS_OFFSET + 32L * i;
                start[i] = section.get(INT_LE, d);
                width[i] = section.get(INT_LE, d + 4);
                table[i] = section.get(LONG_LE, d + 8);
                post[i] = section.get(LONG_LE, d + 16);
            }
            long foldsAt = section.get(LONG_LE, MultiIndexHamming.DESCRIPTORS_OFFSET + 32L * m);
            folds = section.asSlice(foldsAt, 16L * count);
        }

        private void planFor(int r) {
            if (planRadius != r) {
                MultiIndexHamming.Plan p = MultiIndexHamming.plan(count, width, r, MultiIndexHamming.SLOT_COSTS);
                masks = new int[m][];
                for (int i = 0; i < m; i++) {
                    masks[i] = p.masks()[i].clone();
                    if (sortedMasks) {
                        Arrays.sort(masks[i]);
                    }
                }
                plan = p;
                planRadius = r;
            }
        }

        @Override
        public void search(PdqHash query, int r, HitSink sink) {
            planFor(r);
            int[] radii = java.util.Objects.requireNonNull(plan).radii();
            long q0 = query.w0();
            long q1 = query.w1();
            long q2 = query.w2();
            long q3 = query.w3();
            if (kind == Kind.PIPE) {
                searchPiped(radii, q0, q1, q2, q3, r, sink);
                return;
            }
            if (kind == Kind.LEAN) {
                for (int i = 0; i < m; i++) {
                    if (radii[i] >= 0) {
                        chunkLean(i, radii, q0, q1, q2, q3, r, sink);
                    }
                }
                return;
            }
            if (kind == Kind.DEFER) {
                searchDeferred(radii, q0, q1, q2, q3, r, sink);
                return;
            }
            if (kind == Kind.OVERFLOW_EARLY || kind == Kind.DIRECT) {
                for (int i = 0; i < m; i++) {
                    if (radii[i] >= 0) {
                        if (kind == Kind.OVERFLOW_EARLY) {
                            chunkOverflowEarly(i, radii, q0, q1, q2, q3, r, sink);
                        } else {
                            chunkDirect(i, radii, q0, q1, q2, q3, r, sink);
                        }
                    }
                }
                return;
            }
            for (int i = 0; i < m; i++) {
                if (radii[i] < 0) {
                    continue;
                }
                int n = loadAndDecode(i, slots, q0, q1, q2, q3, kind == Kind.FOLD_IN_DECODE);
                if (stopAfter >= 1 && stopAfter <= 3) {
                    continue;
                }
                if (kind != Kind.FOLD_IN_DECODE) {
                    touchFolds(cand, n);
                }
                if (stopAfter == 4) {
                    continue;
                }
                filterAndVerify(i, radii, cand, n, q0, q1, q2, q3, r, sink);
            }
        }

        private void loadSlots(int i, long[] into, long q0, long q1, long q2, long q3) {
            int qv = (int) MultiIndexHamming.chunkValue(q0, q1, q2, q3, start[i], width[i]);
            int[] mk = masks[i];
            long t = table[i];
            MemorySegment seg = s;
            for (int k = 0; k < mk.length; k++) {
                into[k] = seg.get(LONG_LE, t + 8L * (qv ^ mk[k]));
            }
        }

        /** Phase 1 (unless {@code slotsLoaded}), decode, overflow postings: the candidates of chunk i. */
        private int loadAndDecode(int i, long[] sl, long q0, long q1, long q2, long q3, boolean foldTouch) {
            loadSlots(i, sl, q0, q1, q2, q3);
            if (stopAfter == 1) {
                return 0;
            }
            return decode(i, sl, foldTouch);
        }

        private int decode(int i, long[] sl, boolean foldTouch) {
            int probes = masks[i].length;
            int[] c = cand;
            int n = 0;
            int overflowing = 0;
            long tt = 0;
            MemorySegment f = folds;
            for (int k = 0; k < probes; k++) {
                long slot = sl[k];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                if (foldTouch) {
                    tt += f.get(LONG_LE, 16L * (lo & ~(lo >> 31)));
                    tt += f.get(LONG_LE, 16L * (hi & ~(hi >> 31)));
                }
                c[n] = lo;
                n += 1 + (lo >> 31);
                c[n] = hi;
                n += 1 + (hi >> 31);
                from[overflowing] = -2 - lo;
                to[overflowing] = -2 - lo - hi;
                overflowing += (lo + 1) >>> 31;
            }
            touched += tt;
            if (STATS) {
                statProbes += probes;
                statInline += n;
                statOverflowing += overflowing;
                for (int k = 0; k < overflowing; k++) {
                    statOverflowEntries += to[k] - from[k];
                }
            }
            if (stopAfter == 2) {
                return n;
            }
            long p = post[i];
            long t2 = 0;
            for (int k = 0; k < overflowing; k++) {
                t2 += s.get(INT_LE, p + 4L * from[k]);
            }
            touched += t2;
            for (int k = 0; k < overflowing; k++) {
                for (int q = from[k], end = to[k]; q < end; q++) {
                    if (n == c.length) {
                        c = cand = Arrays.copyOf(c, 2 * n);
                    }
                    c[n++] = s.get(INT_LE, p + 4L * q);
                }
            }
            return n;
        }

        private void touchFolds(int[] c, int n) {
            long tt = 0;
            MemorySegment f = folds;
            for (int k = 0; k < n; k++) {
                tt += f.get(LONG_LE, 16L * c[k]);
            }
            touched += tt;
        }

        private void filterAndVerify(
                int i, int[] radii, int[] c, int n, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            MemorySegment f = folds;
            long qa = MultiIndexHamming.fold0(q0, q2);
            long qb = MultiIndexHamming.fold1(q1, q3);
            int passed = 0;
            for (int k = 0; k < n; k++) {
                int e = c[k];
                long at = 16L * e;
                if (Long.bitCount(f.get(LONG_LE, at) ^ qa) + Long.bitCount(f.get(LONG_LE, at + 8) ^ qb) <= r) {
                    c[passed++] = e;
                }
            }
            touched += LookupRace.verify(hashes, c, passed, i, radii, start, width, q0, q1, q2, q3, r, sink);
        }

        /**
         * Fold touch of chunk i, slot loads of the next chunk, filter of chunk i, decode of the next chunk: the two
         * memory phases back to back (the candidate arrays alternate between chunks).
         */
        private void searchPiped(int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            int i = next(radii, 0);
            if (i < 0) {
                return;
            }
            long[] cur = slots;
            long[] nxt = slotsNext;
            loadSlots(i, cur, q0, q1, q2, q3);
            int n = decode(i, cur, false);
            while (i >= 0) {
                int[] c = cand;
                touchFolds(c, n);
                int j = next(radii, i + 1);
                if (j >= 0) {
                    loadSlots(j, nxt, q0, q1, q2, q3);
                }
                filterAndVerify(i, radii, c, n, q0, q1, q2, q3, r, sink);
                if (j >= 0) {
                    cand = candOther;
                    candOther = c;
                    n = decode(j, nxt, false);
                    long[] t = cur;
                    cur = nxt;
                    nxt = t;
                }
                i = j;
            }
        }

        /**
         * Decode (inline entries to candidates, overflowing slots noted), then the overflow heads and the inline
         * candidates' folds touched back to back, then the overflow entries gathered and their folds touched, then
         * one filter over all.
         */
        private void chunkOverflowEarly(int i, int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            loadSlots(i, slots, q0, q1, q2, q3);
            int probes = masks[i].length;
            int[] c = cand;
            long[] sl = slots;
            int n = 0;
            int overflowing = 0;
            for (int k = 0; k < probes; k++) {
                long slot = sl[k];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                c[n] = lo;
                n += 1 + (lo >> 31);
                c[n] = hi;
                n += 1 + (hi >> 31);
                from[overflowing] = -2 - lo;
                to[overflowing] = -2 - lo - hi;
                overflowing += (lo + 1) >>> 31;
            }
            long p = post[i];
            long tt = 0;
            for (int k = 0; k < overflowing; k++) {
                tt += s.get(INT_LE, p + 4L * from[k]);
            }
            MemorySegment f = folds;
            for (int k = 0; k < n; k++) {
                tt += f.get(LONG_LE, 16L * c[k]);
            }
            int inline = n;
            for (int k = 0; k < overflowing; k++) {
                for (int q = from[k], end = to[k]; q < end; q++) {
                    if (n == c.length) {
                        c = cand = Arrays.copyOf(c, 2 * n);
                    }
                    c[n++] = s.get(INT_LE, p + 4L * q);
                }
            }
            for (int k = inline; k < n; k++) {
                tt += f.get(LONG_LE, 16L * c[k]);
            }
            touched += tt;
            filterAndVerify(i, radii, c, n, q0, q1, q2, q3, r, sink);
        }

        /**
         * No decode before the fold touch: one touch loop over the slots loads the folds of both inline entries and
         * the overflow head (an empty half loads entry 0's fold or posting 0, always cached); then one pass over the
         * slots filters the inline entries by fold and notes the overflowing slots; then the overflow entries.
         */
        private void chunkDirect(int i, int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            loadSlots(i, slots, q0, q1, q2, q3);
            int probes = masks[i].length;
            long[] sl = slots;
            MemorySegment f = folds;
            long p = post[i];
            long tt = 0;
            for (int k = 0; k < probes; k++) {
                long slot = sl[k];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                int ov = -2 - lo;
                tt += f.get(LONG_LE, 16L * (lo & ~(lo >> 31)))
                        + f.get(LONG_LE, 16L * (hi & ~(hi >> 31)))
                        + s.get(INT_LE, p + 4L * (ov & ~(ov >> 31)));
            }
            long qa = MultiIndexHamming.fold0(q0, q2);
            long qb = MultiIndexHamming.fold1(q1, q3);
            int[] c = cand;
            int passed = 0;
            int overflowing = 0;
            for (int k = 0; k < probes; k++) {
                long slot = sl[k];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                long a = 16L * (lo & ~(lo >> 31));
                long b = 16L * (hi & ~(hi >> 31));
                int dlo = Long.bitCount(f.get(LONG_LE, a) ^ qa) + Long.bitCount(f.get(LONG_LE, a + 8) ^ qb);
                int dhi = Long.bitCount(f.get(LONG_LE, b) ^ qa) + Long.bitCount(f.get(LONG_LE, b + 8) ^ qb);
                c[passed] = lo;
                passed += (lo >= 0 && dlo <= r) ? 1 : 0;
                c[passed] = hi;
                passed += (hi >= 0 && dhi <= r) ? 1 : 0;
                from[overflowing] = -2 - lo;
                to[overflowing] = -2 - lo - hi;
                overflowing += (lo + 1) >>> 31;
            }
            int start2 = passed;
            int n = passed;
            for (int k = 0; k < overflowing; k++) {
                for (int q = from[k], end = to[k]; q < end; q++) {
                    if (n == c.length) {
                        c = cand = Arrays.copyOf(c, 2 * n);
                    }
                    c[n++] = s.get(INT_LE, p + 4L * q);
                }
            }
            for (int k = start2; k < n; k++) {
                tt += f.get(LONG_LE, 16L * c[k]);
            }
            touched += tt;
            for (int k = start2; k < n; k++) {
                int e = c[k];
                long at = 16L * e;
                if (Long.bitCount(f.get(LONG_LE, at) ^ qa) + Long.bitCount(f.get(LONG_LE, at + 8) ^ qb) <= r) {
                    c[passed++] = e;
                }
            }
            touched += LookupRace.verify(hashes, c, passed, i, radii, start, width, q0, q1, q2, q3, r, sink);
        }

        int[] ovFrom = new int[1 << 14];
        int[] ovTo = new int[1 << 14];
        int[] ovChunk = new int[1 << 14];
        int[] ovCand = new int[1 << 16];

        /**
         * Per chunk: slots, decode (inline entries; overflowing slots noted for the whole query), fold touch, filter,
         * verify. Then the overflowing slots of all chunks at once: heads touched, entries gathered, folds touched,
         * filtered and verified, each with its chunk.
         */
        private void searchDeferred(int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            int ov = 0;
            for (int i = 0; i < m; i++) {
                if (radii[i] < 0) {
                    continue;
                }
                loadSlots(i, slots, q0, q1, q2, q3);
                int probes = masks[i].length;
                int[] c = cand;
                long[] sl = slots;
                int n = 0;
                int ov0 = ov;
                for (int k = 0; k < probes; k++) {
                    long slot = sl[k];
                    int lo = (int) slot;
                    int hi = (int) (slot >>> 32);
                    c[n] = lo;
                    n += 1 + (lo >> 31);
                    c[n] = hi;
                    n += 1 + (hi >> 31);
                    ovFrom[ov] = -2 - lo;
                    ovTo[ov] = -2 - lo - hi;
                    ov += (lo + 1) >>> 31;
                }
                for (int k = ov0; k < ov; k++) {
                    ovChunk[k] = i;
                }
                touchFolds(c, n);
                filterAndVerify(i, radii, c, n, q0, q1, q2, q3, r, sink);
            }
            long tt = 0;
            for (int k = 0; k < ov; k++) {
                tt += s.get(INT_LE, post[ovChunk[k]] + 4L * ovFrom[k]);
            }
            int n = 0;
            int[] c = ovCand;
            int[] cc = cand;
            for (int k = 0; k < ov; k++) {
                long p = post[ovChunk[k]];
                for (int q = ovFrom[k], end = ovTo[k]; q < end; q++) {
                    c[n] = s.get(INT_LE, p + 4L * q);
                    cc[n++] = ovChunk[k];
                }
            }
            MemorySegment f = folds;
            for (int k = 0; k < n; k++) {
                tt += f.get(LONG_LE, 16L * c[k]);
            }
            touched += tt;
            long qa = MultiIndexHamming.fold0(q0, q2);
            long qb = MultiIndexHamming.fold1(q1, q3);
            int[] one = new int[1];
            for (int k = 0; k < n; k++) {
                int e = c[k];
                long at = 16L * e;
                if (Long.bitCount(f.get(LONG_LE, at) ^ qa) + Long.bitCount(f.get(LONG_LE, at + 8) ^ qb) <= r) {
                    one[0] = e;
                    touched += LookupRace.verify(hashes, one, 1, cc[k], radii, start, width, q0, q1, q2, q3, r, sink);
                }
            }
        }

        long[][] byteMasks = new long[0][];
        int[] ovSlot = new int[1 << 12];

        /** Masks as byte offsets (mask * 8, so no shift per probe); overflowing slots noted by their probe index only. */
        private void chunkLean(int i, int[] radii, long q0, long q1, long q2, long q3, int r, HitSink sink) {
            if (byteMasks.length != m) {
                byteMasks = new long[m][];
                for (int j = 0; j < m; j++) {
                    byteMasks[j] = Arrays.stream(masks[j])
                            .asLongStream()
                            .map(x -> x * 8)
                            .toArray();
                }
            }
            long qo = 8L * MultiIndexHamming.chunkValue(q0, q1, q2, q3, start[i], width[i]);
            long[] mk = byteMasks[i];
            long t = table[i];
            long[] sl = slots;
            MemorySegment seg = s;
            int probes = mk.length;
            for (int k = 0; k < probes; k++) {
                sl[k] = seg.get(LONG_LE, t + (qo ^ mk[k]));
            }
            int[] c = cand;
            int[] ovs = ovSlot;
            int n = 0;
            int overflowing = 0;
            for (int k = 0; k < probes; k++) {
                long slot = sl[k];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                c[n] = lo;
                n += 1 + (lo >> 31);
                c[n] = hi;
                n += 1 + (hi >> 31);
                ovs[overflowing] = k;
                overflowing += (lo + 1) >>> 31;
            }
            long p = post[i];
            long tt = 0;
            for (int k = 0; k < overflowing; k++) {
                tt += s.get(INT_LE, p + 4L * (-2 - (int) sl[ovs[k]]));
            }
            for (int k = 0; k < overflowing; k++) {
                long slot = sl[ovs[k]];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                for (int q = -2 - lo, end = -2 - lo - hi; q < end; q++) {
                    if (n == c.length) {
                        c = cand = Arrays.copyOf(c, 2 * n);
                    }
                    c[n++] = s.get(INT_LE, p + 4L * q);
                }
            }
            touched += tt;
            touchFolds(c, n);
            filterAndVerify(i, radii, c, n, q0, q1, q2, q3, r, sink);
        }

        private static int next(int[] radii, int from) {
            for (int i = from; i < radii.length; i++) {
                if (radii[i] >= 0) {
                    return i;
                }
            }
            return -1;
        }
    }

    public static void main(String[] args) throws Throwable {
        Path path = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<String> wanted = List.of((args.length > 2 ? args[2] : "copy,sorted,pipe,fold-in-decode").split(","));
        try (HashListSnapshot snapshot = HashListSnapshot.openUnverified(path)) {
            MemorySegment hashes = snapshot.pdqHashSegment();
            MemorySegment section = SnapshotPageExperiment.section(snapshot, "index.multi_index");
            int count = FlatHashes.count(hashes);
            List<LookupRace.Contender> contenders = new ArrayList<>();
            contenders.add(new LookupRace.Contender("main", snapshot.index(IndexStrategy.MULTI_INDEX)));
            for (String w : wanted) {
                Proto p =
                        switch (w) {
                            case "copy" -> new Proto(hashes, section, Kind.COPY, false, 0);
                            case "sorted" -> new Proto(hashes, section, Kind.COPY, true, 0);
                            case "pipe" -> new Proto(hashes, section, Kind.PIPE, false, 0);
                            case "fold-in-decode" -> new Proto(hashes, section, Kind.FOLD_IN_DECODE, false, 0);
                            case "ovf-early" -> new Proto(hashes, section, Kind.OVERFLOW_EARLY, false, 0);
                            case "direct" -> new Proto(hashes, section, Kind.DIRECT, false, 0);
                            case "defer" -> new Proto(hashes, section, Kind.DEFER, false, 0);
                            case "lean" -> new Proto(hashes, section, Kind.LEAN, false, 0);
                            case "defer-sorted" -> new Proto(hashes, section, Kind.DEFER, true, 0);
                            case "pipe-sorted" -> new Proto(hashes, section, Kind.PIPE, true, 0);
                            case "a1" -> new Proto(hashes, section, Kind.COPY, false, 1);
                            case "a2" -> new Proto(hashes, section, Kind.COPY, false, 2);
                            case "a3" -> new Proto(hashes, section, Kind.COPY, false, 3);
                            case "a4" -> new Proto(hashes, section, Kind.COPY, false, 4);
                            default -> throw new IllegalArgumentException(w);
                        };
                contenders.add(new LookupRace.Contender(w, LookupRace.asIndex(count, p)));
            }
            LookupRace.Fixture f = new LookupRace.Fixture(
                    hashes, SnapshotPageExperiment.queries(snapshot, LookupRace.QUERIES, 20, 20), 31);
            List<LookupRace.Contender> exact =
                    contenders.stream().filter(c -> !c.name().matches("a\\d")).toList();
            if (STATS) {
                LookupRace.time(contenders.get(1).index(), f.queries(), 31);
                double qn = f.queryCount();
                System.out.printf(
                        "per query: probes %.0f, inline candidates %.0f, overflowing slots %.0f, overflow entries %.0f%n",
                        statProbes / qn, statInline / qn, statOverflowing / qn, statOverflowEntries / qn);
                return;
            }
            if (exact.size() == contenders.size()) {
                LookupRace.race(contenders, f, rounds);
            } else {
                LookupRace.race(exact, f, 1);
                for (int round = 0; round < rounds; round++) {
                    StringBuilder line = new StringBuilder("anatomy round " + round + ", load " + LookupRace.load());
                    for (LookupRace.Contender c : contenders) {
                        line.append(String.format(" %s %.4f", c.name(), LookupRace.time(c.index(), f.queries(), 31)));
                    }
                    System.out.println(line);
                }
            }
        }
    }
}
