package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Multi-index hashing (Norouzi, Punjani, Fleet, "Fast exact search in Hamming space with multi-index
 * hashing", 2014) with direct-addressed tables.
 *
 * <p><b>Idea.</b> The 256 bits are cut into {@code m} contiguous chunks of {@code b_i} bits
 * ({@code sum b_i = 256}). If {@code distance(q, e) <= r} and each chunk {@code i} gets a probe radius
 * {@code r_i >= -1} with {@code sum (r_i + 1) >= r + 1}, then some chunk has {@code d_i(q, e) <= r_i}
 * (generalized pigeonhole: otherwise {@code sum d_i >= sum (r_i + 1) > r}). So probing, in every chunk, all
 * {@code sum_{k<=r_i} C(b_i, k)} chunk values within {@code r_i} of the query's chunk value finds every hit;
 * {@code r_i = -1} skips a chunk. Each candidate is verified on all 256 bits.
 *
 * <p><b>Per-radius plan.</b> For each radius (computed lazily, cached, O(257 * m) heap at most) the
 * {@code r + 1} units are handed out greedily to the chunk whose next level is cheapest under the cost model
 * {@code probes * probe + expected candidates * candidate} (level {@code k} of a {@code b}-bit chunk costs
 * {@code C(b, k) * (probe + candidate * n / 2^b)}; the cost per level grows with {@code k}, so greedy is optimal). If
 * the plan's cost reaches {@code n * scanPerEntry} the query is a brute-force scan instead. The constants
 * ({@link Costs}) are measured on this machine, one set for layout 6 and one for the older layouts: see the comment
 * above {@link #WIDE_COSTS} and {@link IndexPlanner}.
 *
 * <p><b>Chains.</b> With units {@code u_i = r_i + 1} and {@code sum u_i = r + 1}, a hit has {@code sum (u_i - d_i)
 * > 0}, so by the cycle lemma some rotation of the chunks has every prefix sum positive: there is a chunk {@code i}
 * (a <em>chain start</em>) with {@code d_i + ... + d_(i+l-1) < u_i + ... + u_(i+l-1)} for every {@code l = 1..m}
 * (indices mod {@code m}; the "pigeonring" of Qin et al., VLDB 2018). {@code l = 1} is {@code d_i <= r_i}: the
 * probes of chunk {@code i} find the hit. {@code l = 2} gives a filter: a candidate found through chunk {@code i} at
 * probe level {@code d_i} is a hit reported there only if {@code d_(i+1) <= u_i + u_(i+1) - 1 - d_i}, and the
 * distance of any subset of chunk {@code i+1}'s bits is at most {@code d_(i+1)}. Layout 4 keeps the first bits of
 * chunk {@code i+1} of every entry (its <em>tag</em>) beside the entry in chunk {@code i}'s slots and postings, in
 * the bits an entry number leaves free, so the filter costs no load: at 10 M entries 7 bits, which drop about half
 * of the random candidates (at r = 31 nearly all come from level-2 probes, whose tags may differ in at most 3 bits)
 * before their folds are read. Layout 5 also keeps the rest of chunk {@code i+1} (its bits after the tag's) where an
 * int is free or cheap: in the unused half of a slot that holds one entry, and beside every overflow posting. There
 * the filter sees all of {@code d_(i+1)}, and a random candidate passes with probability ~2e-4 instead of ~1/2: at
 * 10 M, r = 31 about 1 000 of the ~1 450 fold reads a search made with tags alone are gone.
 *
 * <p><b>Exactly once without scratch memory.</b> A hit can be found through several chunks. Instead of a
 * per-thread "seen" array (n ints per thread, and a random access per candidate just like the verify), a
 * hit found through chunk {@code i} is reported only if {@code i} is its first chain start (computed from the
 * XOR words already at hand). Each entry sits in exactly one slot or posting list per chunk, each chunk value is
 * probed once, and a chain start's probes find the hit and its tag passes, so every hit is reported exactly once. (The only per-thread state is the reusable scratch that carries probe ranges and candidates
 * between the phases of a chunk's search; see the comment above {@code CANDIDATE_BLOCK}.)
 *
 * <p><b>Slot layout</b> (version 5, snapshot version 7; all little-endian, offsets from the start of the section):
 *
 * <pre>
 * offset        size        field
 *      0          32        {@link SectionHeader} (strategy code 2)
 *     32           4        int  m: number of chunks (1..64)
 *     36           4        int  t: tag bits, 0 .. min b_i, and count <= 2^(31-t)
 *     40      32 * m        chunk descriptors, chunk i at 40 + 32 i:
 *                             +0  int  startBit  first hash bit of the chunk (bit k = bit k%64 of word k/64);
 *                                                chunk 0 starts at 0, chunk i+1 at startBit_i + bits_i
 *                             +4  int  bits      width b_i, 1..28; the widths sum to 256
 *                             +8  long tableOffset     offset of chunk i's slot table
 *                             +16 long postingsOffset  offset of chunk i's overflow postings
 *                             +24 long postingsCount   number of entries in them, 0..n
 *   40 + 32 * m       8     long foldsOffset: offset of the fold array
 *   tableOffset_i   8 * 2^b_i   slot[v], v = 0 .. 2^b_i - 1, the entries whose chunk-i value is v, as two ints
 *                                (lo at +0, hi at +4):  -1, -1             no entry
 *                                                       E, R               one tagged entry E and its rest R
 *                                                       E1, E2             two, ascending entry numbers
 *                                                       -2 - p, -c         c >= 3 entries, postings[p .. p+c-1]
 *   postingsOffset_i  8 * postingsCount_i   postings: the entries of the slots with 3 or more, by chunk value, then
 *                                            by ascending entry number, each as E at +0 and R at +4
 *   foldsOffset            16 * n     fold of entry e at foldsOffset + 16 e: +0 long w0 ^ w2, +8 long w1 ^ w3
 * </pre>
 *
 * Tables and posting lists follow the descriptors in chunk order (table 0, postings 0, table 1, ...), each
 * starting at a multiple of 8 bytes (a slot never straddles a cache line when the section is 64-byte aligned, as
 * in a snapshot); the fold array follows the last posting list at a multiple of 64 bytes (nor does a fold record).
 * The chunk value of a hash is its bits {@code startBit .. startBit+bits-1} as an unsigned integer,
 * {@code startBit} the least significant. A tagged entry {@code E >= 0} holds entry number {@code e} in its low
 * {@code 31 - t} bits and above them the tag: the first {@code t} bits of chunk {@code (i + 1) mod m} of that entry's
 * hash (as a chunk value). Its rest {@code R < 0} is {@code Integer.MIN_VALUE} with the other {@code b_(i+1) - t}
 * bits of that chunk value ({@code value >>> t}) below: the sign tells a one-entry slot from a two-entry one. Size:
 * {@code 8 * sum 2^b_i + 8 * sum postingsCount_i + 16 n} plus headers; at 10 M entries with 11 chunks (3 x 24 + 8 x
 * 23 bits) 940 MB of slots + 273 MB of postings (the slots of a 23-bit chunk hold 1.2 entries on average, 12 % of
 * them three or more) + 160 MB of folds, 1.37 GB. A probe reads one slot, and its entries with it unless the slot
 * overflows (about 9 % of the probes at 10 M, r = 31).
 *
 * <p>Older layouts, still opened (e.g. in older snapshots): version 4 (snapshot version 6) is version 5 without the
 * rests: a one-entry slot is {@code E, -1} and a posting the int {@code E} alone ({@code 4 * postingsCount_i}
 * bytes), 1.24 GB at 10 M; version 3 (snapshot version 5) is version 4 with {@code t = 0} (the field at 36
 * reserved, 0: plain entry numbers); version 2 (snapshot version 4) has 24-byte
 * descriptors (no {@code postingsCount}) and, instead of slots, an offset table of {@code 2^b_i + 1} ints per
 * chunk ({@code table[v] .. table[v+1] - 1} index that chunk's posting list of all {@code n} entries, by chunk
 * value, then ascending; {@code table[0] = 0}, {@code table[2^b_i] = n}), so a probe reads the table and then a
 * posting; version 1 (snapshot versions 1 to 3) is version 2 without {@code foldsOffset} and the fold array, every
 * candidate verified against the hash list directly.
 *
 * <p><b>Section layout</b> (version 6, what {@link #build(MemorySegment, Arena)} writes, snapshot version 8) has
 * wide buckets: layout 2's 24-byte-descriptor fields in 32-byte descriptors, the last long
 * ({@code +24}) the offset of chunk {@code i}'s <em>tag array</em>, {@code 4 n} bytes parallel to its posting list
 * (the offset table, the postings and the tags of each chunk in that order, each at a multiple of 64 bytes; the field
 * at 36 reserved, 0; no fold array). The tag of posting {@code p} holds the first {@value #WIDE_TAG_BITS} bits of
 * chunk {@code i + 1}'s value of its entry in its low half and those of chunk {@code i + 2} in its high half
 * (indices mod {@code m}). The default geometry ({@link #defaultChunkCount}) has chunks of 8 to 16 bits, so the tags
 * hold the next two chunks whole. With 16-bit chunks (m = 16, radius 1 in each at r = 31) a search scans ~41 k tags in 272
 * contiguous runs against the chain rule of chunks {@code i..i+2} and reads the hashes of the ~6 that pass: 1.28 GB
 * at 10 M entries. See {@link #searchWide}.
 *
 * <p><b>The fold filter.</b> The fold of a hash {@code a} is the 128-bit string {@code f(a)_j = a_j XOR
 * a_(j+128)}, j = 0..127 (word-wise: {@code w0 ^ w2, w1 ^ w3}). For any two hashes, {@code popcount(f(a) XOR
 * f(b)) <= popcount(a XOR b)}: with {@code x = a XOR b}, bit j of {@code f(a) XOR f(b)} is {@code x_j XOR
 * x_(j+128)}, which is 1 only if at least one of {@code x_j}, {@code x_(j+128)} is 1; the 128 pairs are
 * disjoint, so the number of such j is at most the number of 1 bits of {@code x}. Hence a candidate whose fold
 * distance exceeds the radius cannot be a hit, and dropping it is exact. A random candidate passes r = 31 with
 * probability ~2e-9 (fold distance ~ Binomial(128, 1/2)), so the 32-byte hash is read almost only for real hits,
 * and the fold reads go to an array half the size of the hash list: at 10 M, 160 MB against 320 MB, which
 * makes a random load cheaper (see {@code bench/RESULTS.md}, "PDQ lookups at 10 M").
 *
 * <p><b>Build</b>: per chunk, the entries are sorted by chunk value with a stable LSD radix sort of at most
 * {@value #RADIX_BITS}-bit digits (so ascending entries within a value), on the heap, then the postings are
 * copied in one bulk copy and the table is filled by one sequential walk. The obvious counting sort straight
 * into the section (count into a 2^24-slot table, scatter with it as cursors) was the same result but made
 * three random accesses per entry into a 64 MB table: 77 s at 10 M for 11 chunks, against a few seconds
 * here where every pass is sequential or within a 16 KB histogram. Heap during the build: 4 int arrays of n
 * (160 MB at 10 M); none after.
 *
 * <p>Thread-safe: all state is immutable after {@link #open} except the plan cache, whose entries are
 * immutable records published through a racy but benign array store (a plan may be computed twice), and the
 * search scratch, which is per thread.
 */
final class MultiIndexHamming implements HammingIndex {
    /**
     * Layout 4 with the rest of the next chunk's bits beside an entry alone in its slot and beside every overflow
     * posting.
     */
    static final int VERSION_RESTS = 5;
    /** Slots and postings of tagged entries, the hi int of a one-entry slot unused. */
    static final int VERSION_TAGGED = 4;
    /** Slots with up to two entries inline, overflow postings, folds; no tags. */
    static final int VERSION_SLOTS = 3;
    /** Oldest layout version {@link #open} reads: offset tables and postings, no fold array. */
    static final int VERSION_START = 1;
    /** Newest layout with offset tables and a posting list of every entry per chunk (and the fold array). */
    static final int VERSION_OFFSET_TABLES = 2;
    /**
     * Layout version {@link #build} writes, the newest {@link #open} reads: wide buckets, layout 2's offset tables and
     * postings without the fold array, and beside every posting a tag of the next two chunks, scanned rather than
     * probed entry by entry (see {@link #searchWide}).
     */
    static final int VERSION = 6;
    /** Bits of each of the two next chunks in a layout-6 tag: the first 16 (all of a chunk of 16 bits or fewer). */
    static final int WIDE_TAG_BITS = 16;

    static final int MAX_CHUNKS = 64;
    static final int MAX_CHUNK_BITS = 28;
    static final long CHUNK_COUNT_OFFSET = 32;
    static final long DESCRIPTORS_OFFSET = 40;
    /** Bytes per chunk descriptor in layouts 1 and 2. */
    static final int DESCRIPTOR_BYTES = 24;
    /** Bytes per chunk descriptor in layouts 3 and 4: + the overflow posting count. */
    static final int SLOT_DESCRIPTOR_BYTES = 32;
    /** Bytes per slot (layouts 3 and 4): two ints. */
    static final int SLOT_BYTES = 8;
    /** Bytes per fold record: two longs. */
    static final int FOLD_BYTES = 16;

    /**
     * Constants of the cost model (see the class comment), in any one unit: a probe of a bucket of {@code b} entries
     * on average costs {@code probe + bucket * b^bucketExponent}, each entry of a brute-force scan
     * {@code scanPerEntry}.
     */
    record Costs(double probe, double bucket, double bucketExponent, double scanPerEntry) {
        double perProbe(double entriesPerBucket) {
            return probe + bucket * Math.pow(entriesPerBucket, bucketExponent); // pow(x, 1) is x exactly
        }
    }

    /*
     * Layout 6 (WIDE_COSTS), in units of one entry of a single-query scan (~1.6 ns on an idle machine), fitted to the
     * crossovers measured with the fixture distribution, one thread (HammingSearchBenchmark.single, multi-index
     * forced past its plan's scan, alternated with brute force; bench/RESULTS.md, "Index planner recalibrated for
     * layout 6"): r = 44 at 100 k entries, 57-59 at 1 M, ~72 at 10 M, all with sixteen 16-bit chunks. At those
     * radii a probe cost as much as scanning ~55, ~120 and ~360 entries, for buckets of 1.5, 15 and 150 entries on
     * average: neither constant nor proportional to the bucket (a probe is the offset-table read, its piece's
     * bookkeeping and a bulk copy of the bucket's tags, whose cache misses cost more as the index outgrows the
     * caches, plus the hashes of the tags that pass, more of them at high probe levels), but close to
     * 22 + 27 sqrt(bucket), which is what the plan uses: probe = 22 (the part of a probe that does not grow with its
     * bucket), bucket = 27 with exponent 1/2 (an empirical fit through the three sizes, not a mechanism). The plan
     * then scans from r = 44 at 100 k, 58 at 1 M and 73 at 10 M. Below 32 k entries (narrower chunks, everything in
     * cache) the same fit scans from r = 28 at 6 000 entries, where both strategies measured within the noise of
     * each other at r = 24-36 (0.87-0.89x for the index at r = 32 and 36).
     *
     * Layouts 1 to 5 (SLOT_COSTS), in "one random memory access" units: a probe reads one table slot, a candidate one
     * posting and one 32-byte hash. Calibrated with the phased search (1 M entries, m = 13, one thread): a unit costs
     * ~23 ns and the scan 1.6 ns per entry, so a scan costs ~0.07 units per entry; measured crossover r = 55
     * (multi-index 1.42 ms, scan 1.58 ms; r = 47: 0.53 vs 1.6 ms; r = 64: 7.8 vs 1.6 ms, where the model
     * underestimates: 76 k probes per query no longer fit the caches). 0.06 is used, so the plan scans from r = 54
     * at 1 M (r = 59 at 10 M, r = 48 at 100 k) with the slot layouts' chunks: slightly early rather than late.
     */
    static final Costs WIDE_COSTS = new Costs(22, 27, 0.5, 1);
    static final Costs SLOT_COSTS = new Costs(1, 1, 1, 0.06);

    private static final double[][] BINOMIAL = binomials(MAX_CHUNK_BITS + 1);

    /*
     * Hot-path fields: the hash list and section, plus the chunk geometry copied from the descriptors into m-long
     * int/long arrays (O(m) heap): startBit[i], bits[i], mask[i] = 2^bits - 1, and the byte offsets of table i
     * and postings i inside the section.
     */
    private final MemorySegment hashes;
    private final MemorySegment section;
    private final int count;
    private final int chunks;
    private final int[] startBit;
    private final int[] bits;
    private final long[] tableOffset;
    private final long[] postingsOffset;
    /** Layout 3 (slot tables): entries in each chunk's overflow postings; {@code null} for offset tables. */
    private final long @Nullable [] postingsCount;
    /** The fold array (layouts 2 to 4), or {@code null} for a layout-1 section: candidates go straight to the hashes. */
    private final @Nullable MemorySegment folds;
    /** Layout 4: bits of tag above each entry number (0 in older layouts: an entry is its number). */
    private final int tagBits;
    /** {@code 31 - tagBits}: the entry number is the low {@code idBits} bits of a slot's or posting's int. */
    private final int idBits;

    private final int idMask;
    /** Layout 5: a one-entry slot's hi int holds the rest of the next chunk's bits above the tag. */
    private final boolean restInSlot;
    /** log2 of the bytes per overflow posting: 2, or 3 in layout 5. */
    private final int postingShift;
    /** Layout 6: offset of each chunk's tag array (parallel to its postings); {@code null} in other layouts. */
    private final long @Nullable [] tagsOffset;

    private final BruteForceHamming fallback;
    /** Plans by radius 0..256, filled lazily. */
    private final Plan[] plans = new Plan[FlatHashes.MAX_RADIUS + 1];

    /**
     * The probe radius of each chunk for one search radius ({@code -1} = chunk not probed), or {@code scan}
     * when brute force is cheaper. {@code probes}/{@code cost}: the model's estimate, for tests and tuning.
     */
    record Plan(int[] radii, boolean scan, long probes, double cost, int[][] masks) {}

    private MultiIndexHamming(
            MemorySegment hashes,
            MemorySegment section,
            int count,
            int[] startBit,
            int[] bits,
            long[] tableOffset,
            long[] postingsOffset,
            long @Nullable [] postingsCount,
            @Nullable MemorySegment folds,
            int tagBits,
            boolean restInSlot,
            long @Nullable [] tagsOffset) {
        this.hashes = hashes;
        this.tagsOffset = tagsOffset;
        this.section = section;
        this.count = count;
        this.chunks = bits.length;
        this.startBit = startBit;
        this.bits = bits;
        this.tableOffset = tableOffset;
        this.postingsOffset = postingsOffset;
        this.postingsCount = postingsCount;
        this.folds = folds;
        this.tagBits = tagBits;
        this.idBits = 31 - tagBits;
        this.idMask = (int) ((1L << idBits) - 1);
        this.restInSlot = restInSlot;
        this.postingShift = restInSlot ? 3 : 2;
        this.fallback = BruteForceHamming.over(hashes);
    }

    // ---------------------------------------------------------------- geometry

    /**
     * Chunk count of the layout {@link #build} writes (6, wide buckets) for a list of {@code count} entries: about
     * {@code ceil(log2(count))} bits per chunk, floored at 8 (so a small list's tables stay small) and capped at
     * {@value #WIDE_TAG_BITS}, the widest chunk a layout-6 tag holds whole; split as evenly as possible over the 256
     * bits. From 32 k entries on that is sixteen 16-bit chunks, radius 1 in each at r = 31: the geometry measured
     * at 1 M and 10 M (a probe's bucket of ~150 entries at 10 M is scanned as a stream of tags, so wider chunks,
     * whose tables grow as {@code 2^b}, would buy little).
     */
    static int defaultChunkCount(int count) {
        return chunkCount(count, WIDE_TAG_BITS);
    }

    /**
     * Chunk count the slot layouts (3 to 5) were written with, chosen from measurements (r = 31, fixture
     * distribution, one thread): about {@code ceil(log2(count))} bits per chunk, so a probe finds about one random
     * candidate, capped at 24 bits (a 64 MB table) and floored at 8. At 1 M (20-bit chunks, m = 13) every geometry
     * tried ran at ~0.21-0.23 ms/query (m = 11: 514 B/entry, m = 12: 182, m = 13: 98, m = 16: 68), so the smallest
     * index that is as fast wins; at 10 M, m = 11 (3 x 24 + 8 x 23 bits, 91 B/entry) ran at p50 0.87 ms against 1.1
     * ms for m = 12 and 1.4 ms for m = 13. Kept so that the older layouts can be built as older snapshots hold them.
     */
    static int slotChunkCount(int count) {
        return chunkCount(count, 24);
    }

    private static int chunkCount(int count, int maxBits) {
        int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(count, 1) - 1); // ceil(log2(count))
        int width = Math.clamp(log2, 8, maxBits);
        return Math.ceilDiv(PdqHash.BITS, width);
    }

    /** {@code m} widths summing to 256, the first {@code 256 % m} one bit wider. */
    static int[] evenWidths(int m) {
        if (m < 1 || m > MAX_CHUNKS || Math.ceilDiv(PdqHash.BITS, m) > MAX_CHUNK_BITS) {
            throw new IllegalArgumentException("chunk count must be " + Math.ceilDiv(PdqHash.BITS, MAX_CHUNK_BITS)
                    + ".." + MAX_CHUNKS + ", got " + m);
        }
        int[] widths = new int[m];
        for (int i = 0; i < m; i++) {
            widths[i] = PdqHash.BITS / m + (i < PdqHash.BITS % m ? 1 : 0);
        }
        return widths;
    }

    /** Chunk value: bits {@code start .. start+width-1} of the 256-bit string w0..w3, {@code start} lowest. */
    static long chunkValue(long w0, long w1, long w2, long w3, int start, int width) {
        int word = start >>> 6;
        int shift = start & 63;
        long lo = word == 0 ? w0 : word == 1 ? w1 : word == 2 ? w2 : w3;
        long v = lo >>> shift;
        if (shift + width > 64) {
            long hi = word == 0 ? w1 : word == 1 ? w2 : w3;
            v |= hi << (64 - shift);
        }
        return v & ((1L << width) - 1);
    }

    // ---------------------------------------------------------------- build

    static MemorySegment build(MemorySegment hashes, Arena arena) {
        return build(hashes, arena, evenWidths(defaultChunkCount(FlatHashes.count(hashes))));
    }

    static MemorySegment build(MemorySegment hashes, Arena arena, int[] widths) {
        return build(hashes, arena, widths, VERSION);
    }

    /**
     * Builds layout {@code version} (1 to 6): the older ones only to test that older sections still open and search
     * right, and to time them against the current one.
     */
    static MemorySegment build(MemorySegment hashes, Arena arena, int[] widths, int version) {
        if (version < VERSION_START || version > VERSION) {
            throw new IllegalArgumentException("layout version must be " + VERSION_START + ".." + VERSION);
        }
        if (version == VERSION) {
            return buildWide(hashes, arena, widths);
        }
        int count = FlatHashes.count(hashes);
        int m = widths.length;
        int start = 0;
        int[] starts = new int[m];
        for (int i = 0; i < m; i++) {
            starts[i] = start;
            start += widths[i];
        }
        if (start != PdqHash.BITS) {
            throw new IllegalArgumentException("chunk widths must sum to 256, got " + start);
        }
        boolean slotTables = version >= VERSION_SLOTS;
        int tagBits = version >= VERSION_TAGGED ? tagBits(count, widths) : 0;
        Scratch scratch = new Scratch(count, version == VERSION_RESTS);
        long[] overflow = new long[m]; // layouts 3 and 4: entries in slots of three or more, per chunk
        if (slotTables) { // sized before the section is allocated
            for (int i = 0; i < m; i++) {
                overflow[i] = overflowCount(hashes, count, starts[i], widths[i]);
            }
        }
        long[] tableAt = new long[m];
        long[] postingsAt = new long[m];
        long at = foldsOffsetField(m, version) + (version >= 2 ? 8 : 0);
        for (int i = 0; i < m; i++) {
            at = align8(at);
            tableAt[i] = at;
            at += slotTables ? (long) SLOT_BYTES << widths[i] : 4L * ((1L << widths[i]) + 1);
            at = align8(at);
            postingsAt[i] = at;
            at += (long) postingBytes(version) * (slotTables ? overflow[i] : count);
        }
        long foldsAt = (at + 63) & ~63L;
        if (version >= 2) {
            at = foldsAt + (long) FOLD_BYTES * count;
        }
        MemorySegment section = arena.allocate(at, 64);
        SectionHeader.write(section, IndexStrategy.MULTI_INDEX, version, count);
        section.set(INT_LE, CHUNK_COUNT_OFFSET, m);
        section.set(INT_LE, CHUNK_COUNT_OFFSET + 4, tagBits);
        if (version >= 2) {
            section.set(LONG_LE, foldsOffsetField(m, version), foldsAt);
            writeFolds(hashes, count, section.asSlice(foldsAt, (long) FOLD_BYTES * count));
        }
        int descriptorBytes = descriptorBytes(version);
        for (int i = 0; i < m; i++) {
            long d = DESCRIPTORS_OFFSET + (long) descriptorBytes * i;
            section.set(INT_LE, d, starts[i]);
            section.set(INT_LE, d + 4, widths[i]);
            section.set(LONG_LE, d + 8, tableAt[i]);
            section.set(LONG_LE, d + 16, postingsAt[i]);
            int next = (i + 1) % m;
            sortChunk(hashes, count, starts[i], widths[i], starts[next], widths[next], tagBits, scratch);
            if (slotTables) {
                section.set(LONG_LE, d + 24, overflow[i]);
                writeSlots(section, count, widths[i], tableAt[i], postingsAt[i], scratch);
            } else {
                writeOffsets(section, count, widths[i], tableAt[i], postingsAt[i], scratch);
            }
        }
        return section;
    }

    /**
     * Layout 6: per chunk (in order, each 64-byte aligned) the offset table and the sorted postings of layout 2, then
     * the tag array: for posting {@code p}, the first {@value #WIDE_TAG_BITS} bits of chunk {@code i + 1}'s value of
     * that entry in the low half and of chunk {@code i + 2}'s in the high half (indices mod m).
     */
    private static MemorySegment buildWide(MemorySegment hashes, Arena arena, int[] widths) {
        int count = FlatHashes.count(hashes);
        int m = widths.length;
        int[] starts = new int[m];
        int start = 0;
        for (int i = 0; i < m; i++) {
            if (widths[i] < 1 || widths[i] > MAX_CHUNK_BITS) {
                throw new IllegalArgumentException("chunk widths must be 1.." + MAX_CHUNK_BITS);
            }
            starts[i] = start;
            start += widths[i];
        }
        if (start != PdqHash.BITS || m > MAX_CHUNKS) {
            throw new IllegalArgumentException("chunk widths must sum to 256 in 1.." + MAX_CHUNKS + " chunks");
        }
        long[] tableAt = new long[m];
        long[] postingsAt = new long[m];
        long[] tagsAt = new long[m];
        long at = DESCRIPTORS_OFFSET + (long) SLOT_DESCRIPTOR_BYTES * m;
        for (int i = 0; i < m; i++) {
            tableAt[i] = at = (at + 63) & ~63L;
            postingsAt[i] = at = (at + 4L * ((1L << widths[i]) + 1) + 63) & ~63L;
            tagsAt[i] = at = (at + 4L * count + 63) & ~63L;
            at += 4L * count;
        }
        MemorySegment section = arena.allocate(Math.max(at, 64), 64);
        SectionHeader.write(section, IndexStrategy.MULTI_INDEX, VERSION, count);
        section.set(INT_LE, CHUNK_COUNT_OFFSET, m);
        section.set(INT_LE, CHUNK_COUNT_OFFSET + 4, 0);
        Scratch scratch = new Scratch(count, false);
        int[] tagOf = new int[count];
        for (int i = 0; i < m; i++) {
            long d = DESCRIPTORS_OFFSET + (long) SLOT_DESCRIPTOR_BYTES * i;
            section.set(INT_LE, d, starts[i]);
            section.set(INT_LE, d + 4, widths[i]);
            section.set(LONG_LE, d + 8, tableAt[i]);
            section.set(LONG_LE, d + 16, postingsAt[i]);
            section.set(LONG_LE, d + 24, tagsAt[i]);
            int next = (i + 1) % m;
            int next2 = (i + 2) % m;
            for (int e = 0; e < count; e++) { // in entry order: sequential reads of the hashes
                tagOf[e] = (int) chunkValueOf(hashes, e, starts[next], Math.min(WIDE_TAG_BITS, widths[next]))
                        | (int) chunkValueOf(hashes, e, starts[next2], Math.min(WIDE_TAG_BITS, widths[next2])) << 16;
            }
            sortChunk(hashes, count, starts[i], widths[i], starts[next], widths[next], 0, scratch);
            writeOffsets(section, count, widths[i], tableAt[i], postingsAt[i], scratch);
            int[] sorted = scratch.sortedEntries;
            for (int p = 0; p < count; p++) {
                section.set(INT_LE, tagsAt[i] + 4L * p, tagOf[sorted[p]]);
            }
        }
        return section;
    }

    /** Bytes per chunk descriptor in layout {@code version}. */
    static int descriptorBytes(int version) {
        return version >= VERSION_SLOTS ? SLOT_DESCRIPTOR_BYTES : DESCRIPTOR_BYTES;
    }

    /**
     * Layout 4's tag width: the bits an entry number of {@code count} entries leaves free in a non-negative int, at
     * most the narrowest chunk (a tag is the first bits of a chunk). 7 at 10 M entries, 0 from 2^31 - 1 / 2 up.
     */
    static int tagBits(int count, int[] widths) {
        int idBits = count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1); // ids 0 .. count-1
        return Math.min(31 - idBits, Arrays.stream(widths).min().orElse(0));
    }

    /** Offset of the {@code foldsOffset} field (layouts 2 and 3): right after the {@code m} chunk descriptors. */
    static long foldsOffsetField(int m, int version) {
        return DESCRIPTORS_OFFSET + (long) descriptorBytes(version) * m;
    }

    /** Fold of {@code w0..w3}, first word: bits 0..63 XOR bits 128..191 (see the class comment). */
    static long fold0(long w0, long w2) {
        return w0 ^ w2;
    }

    /** Fold of {@code w0..w3}, second word: bits 64..127 XOR bits 192..255. */
    static long fold1(long w1, long w3) {
        return w1 ^ w3;
    }

    private static void writeFolds(MemorySegment hashes, int count, MemorySegment folds) {
        for (int e = 0; e < count; e++) {
            long at = (long) e << ENTRY_SHIFT;
            long f = (long) FOLD_BYTES * e;
            folds.set(LONG_LE, f, fold0(hashes.get(LONG_LE, at), hashes.get(LONG_LE, at + 16)));
            folds.set(LONG_LE, f + 8, fold1(hashes.get(LONG_LE, at + 8), hashes.get(LONG_LE, at + 24)));
        }
    }

    /** Digit width of the radix sort: a 2^12-int histogram stays in L1/L2, and 24-bit chunks take two passes. */
    static final int RADIX_BITS = 12;

    /** Build scratch, reused across chunks: chunk values and entries, sorted, and their double buffers. */
    private static final class Scratch {
        final int[] values;
        final int[] entries;
        final int[] values2;
        final int[] entries2;
        final int[] histogram = new int[1 << RADIX_BITS];
        /** After {@link #sortChunk}: the chunk values in ascending order and their entries (two of the arrays above). */
        int[] sortedValues;

        int[] sortedEntries;

        /** After {@link #sortChunk}: the mask of the entry number in a sorted entry (below its tag). */
        int idMask;

        /**
         * Layout 5: per entry number, the int a one-entry slot or a posting holds beside it: the sign bit and the
         * bits of the next chunk above the tag (set by {@link #sortChunk}); {@code null} in older layouts.
         */
        final int @Nullable [] rest;

        Scratch(int count, boolean withRest) {
            rest = withRest ? new int[count] : null;
            values = new int[count];
            entries = new int[count];
            values2 = new int[count];
            entries2 = new int[count];
            sortedValues = values;
            sortedEntries = entries;
        }
    }

    /**
     * Sorts the entries by their chunk value (bits {@code start .. start+width-1}) into the scratch's sorted arrays,
     * each entry number with its tag (the first {@code tagBits} bits of the next chunk, bits {@code nextStart ..
     * nextStart+nextWidth-1}) above bit {@code 31 - tagBits}; in layout 5 also the scratch's {@code rest} ints.
     */
    private static void sortChunk(
            MemorySegment hashes,
            int count,
            int start,
            int width,
            int nextStart,
            int nextWidth,
            int tagBits,
            Scratch scratch) {
        int[] values = scratch.values;
        int[] entries = scratch.entries;
        int[] values2 = scratch.values2;
        int[] entries2 = scratch.entries2;
        int idBits = 31 - tagBits;
        int[] rest = scratch.rest;
        for (int e = 0; e < count; e++) {
            values[e] = (int) chunkValueOf(hashes, e, start, width); // width <= 28: fits an int, non-negative
            int next = (int) chunkValueOf(hashes, e, nextStart, nextWidth);
            entries[e] = e | (next & ((1 << tagBits) - 1)) << idBits;
            if (rest != null) {
                rest[e] = Integer.MIN_VALUE | next >>> tagBits;
            }
        }
        for (int shift = 0; shift < width; shift += RADIX_BITS) { // stable: equal values keep ascending entries
            int[] h = scratch.histogram;
            int digits = 1 << Math.min(RADIX_BITS, width - shift);
            int mask = digits - 1;
            Arrays.fill(h, 0, digits, 0);
            for (int i = 0; i < count; i++) {
                h[(values[i] >>> shift) & mask]++;
            }
            int sum = 0;
            for (int d = 0; d < digits; d++) {
                int c = h[d];
                h[d] = sum;
                sum += c;
            }
            for (int i = 0; i < count; i++) {
                int p = h[(values[i] >>> shift) & mask]++;
                values2[p] = values[i];
                entries2[p] = entries[i];
            }
            int[] t = values;
            values = values2;
            values2 = t;
            t = entries;
            entries = entries2;
            entries2 = t;
        }
        scratch.sortedValues = values;
        scratch.sortedEntries = entries;
        scratch.idMask = (int) ((1L << idBits) - 1);
    }

    /** Layouts 1 and 2: the posting list (all entries, sorted) and the offset table of a sorted chunk. */
    private static void writeOffsets(
            MemorySegment section, int count, int width, long table, long postings, Scratch scratch) {
        int[] values = scratch.sortedValues;
        MemorySegment.copy(scratch.sortedEntries, 0, section, INT_LE, postings, count);
        long tableValues = 1L << width;
        int p = 0;
        for (long v = 0; v <= tableValues; v++) { // table[v] = number of entries with a smaller value
            while (p < count && values[p] < v) {
                p++;
            }
            section.set(INT_LE, table + 4 * v, p);
        }
    }

    /**
     * Number of entries whose chunk value (bits {@code start .. start+width-1}) three or more entries share: the
     * chunk's overflow postings in layouts 3 and 4. Counts per value saturate at 3, in a byte per value (an eighth of the
     * slot table's size), so that this is one pass over the hashes, not a sort.
     */
    private static long overflowCount(MemorySegment hashes, int count, int start, int width) {
        byte[] seen = new byte[1 << width];
        for (int e = 0; e < count; e++) {
            int v = (int) chunkValueOf(hashes, e, start, width);
            seen[v] = (byte) Math.min(seen[v] + 1, 3);
        }
        long inline = 0; // entries of values held by one or two
        for (byte c : seen) {
            inline += c < 3 ? c : 0;
        }
        return count - inline;
    }

    /** Layouts 3 and 4: the slot table of a sorted chunk, and its overflow postings (entries of slots with 3 or more). */
    private static void writeSlots(
            MemorySegment section, int count, int width, long table, long postings, Scratch scratch) {
        int idMask = scratch.idMask;
        int[] rest = scratch.rest;
        int[] values = scratch.sortedValues;
        int[] entries = scratch.sortedEntries;
        section.asSlice(table, (long) SLOT_BYTES << width).fill((byte) -1); // every slot (-1, -1): no entry
        int written = 0;
        for (int p = 0; p < count; ) {
            int end = p + 1;
            while (end < count && values[end] == values[p]) {
                end++;
            }
            int lo;
            int hi;
            if (end - p == 1) {
                lo = entries[p];
                hi = rest == null ? -1 : rest[lo & idMask];
            } else if (end - p == 2) {
                lo = entries[p];
                hi = entries[p + 1];
            } else {
                lo = -2 - written;
                hi = p - end; // -c
                if (rest == null) {
                    MemorySegment.copy(entries, p, section, INT_LE, postings + 4L * written, end - p);
                } else { // layout 5: each posting as a one-entry slot, the entry and the rest of its next chunk
                    for (int k = p; k < end; k++) {
                        long at = postings + 8L * (written + k - p);
                        section.set(INT_LE, at, entries[k]);
                        section.set(INT_LE, at + 4, rest[entries[k] & idMask]);
                    }
                }
                written += end - p;
            }
            section.set(LONG_LE, table + (long) SLOT_BYTES * values[p], (lo & 0xFFFF_FFFFL) | ((long) hi << 32));
            p = end;
        }
    }

    /** Bytes per overflow posting in layout {@code version}: an int, or (layout 5) two like a one-entry slot. */
    static int postingBytes(int version) {
        return version == VERSION_RESTS ? 8 : 4;
    }

    private static long chunkValueOf(MemorySegment hashes, int e, int start, int width) {
        long at = (long) e << ENTRY_SHIFT;
        return chunkValue(
                hashes.get(LONG_LE, at),
                hashes.get(LONG_LE, at + 8),
                hashes.get(LONG_LE, at + 16),
                hashes.get(LONG_LE, at + 24),
                start,
                width);
    }

    private static long align8(long at) {
        return (at + 7) & ~7L;
    }

    // ---------------------------------------------------------------- open

    static MultiIndexHamming open(MemorySegment hashes, MemorySegment section) {
        int count = FlatHashes.count(hashes);
        IndexStrategy s = IndexStrategy.MULTI_INDEX;
        int version = SectionHeader.check(section, s, VERSION_START, VERSION, count);
        boolean wide = version == VERSION;
        SectionHeader.checkRange(section, s, "chunk count", CHUNK_COUNT_OFFSET, 8);
        int m = section.get(INT_LE, CHUNK_COUNT_OFFSET);
        if (m < 1 || m > MAX_CHUNKS) {
            throw new IllegalStateException(s + " index section: chunk count " + m + " is not in 1.." + MAX_CHUNKS);
        }
        int descriptorBytes = descriptorBytes(version);
        SectionHeader.checkRange(section, s, "chunk descriptors", DESCRIPTORS_OFFSET, (long) descriptorBytes * m);
        int[] startBit = new int[m];
        int[] bits = new int[m];
        long[] tableAt = new long[m];
        long[] postingsAt = new long[m];
        long[] postingsCount = new long[m];
        long[] tagsAt = new long[m];
        int expectedStart = 0;
        for (int i = 0; i < m; i++) {
            long d = DESCRIPTORS_OFFSET + (long) descriptorBytes * i;
            startBit[i] = section.get(INT_LE, d);
            bits[i] = section.get(INT_LE, d + 4);
            tableAt[i] = section.get(LONG_LE, d + 8);
            postingsAt[i] = section.get(LONG_LE, d + 16);
            if (startBit[i] != expectedStart || bits[i] < 1 || bits[i] > MAX_CHUNK_BITS) {
                throw new IllegalStateException(
                        s + " index section: chunk " + i + " has startBit " + startBit[i] + " and width " + bits[i]
                                + "; expected start " + expectedStart + " and width 1.." + MAX_CHUNK_BITS);
            }
            expectedStart += bits[i];
            if (version >= VERSION_SLOTS && !wide) {
                postingsCount[i] = section.get(LONG_LE, d + 24);
                if (postingsCount[i] < 0 || postingsCount[i] > count) {
                    throw new IllegalStateException(s + " index section: chunk " + i + " has " + postingsCount[i]
                            + " overflow postings, expected 0.." + count);
                }
                SectionHeader.checkRange(
                        section, s, "chunk " + i + " slot table", tableAt[i], (long) SLOT_BYTES << bits[i]);
                SectionHeader.checkRange(
                        section,
                        s,
                        "chunk " + i + " overflow postings",
                        postingsAt[i],
                        (long) postingBytes(version) * postingsCount[i]);
                continue;
            }
            long tableBytes = 4L * ((1L << bits[i]) + 1);
            SectionHeader.checkRange(section, s, "chunk " + i + " offset table", tableAt[i], tableBytes);
            SectionHeader.checkRange(section, s, "chunk " + i + " posting list", postingsAt[i], 4L * count);
            if (wide) {
                tagsAt[i] = section.get(LONG_LE, d + 24);
                SectionHeader.checkRange(section, s, "chunk " + i + " tag array", tagsAt[i], 4L * count);
            }
            int first = section.get(INT_LE, tableAt[i]);
            int last = section.get(INT_LE, tableAt[i] + tableBytes - 4);
            if (first != 0 || last != count) {
                throw new IllegalStateException(s + " index section: chunk " + i + " offset table runs " + first + ".."
                        + last + ", expected 0.." + count);
            }
        }
        if (expectedStart != PdqHash.BITS) {
            throw new IllegalStateException(s + " index section: chunk widths sum to " + expectedStart + ", not 256");
        }
        int tagBits =
                version == VERSION_TAGGED || version == VERSION_RESTS ? section.get(INT_LE, CHUNK_COUNT_OFFSET + 4) : 0;
        int narrowest = Arrays.stream(bits).min().orElse(0);
        if (tagBits < 0 || tagBits > narrowest || count > 1L << (31 - tagBits)) {
            String what = tagBits + " tag bits for " + count + " entries";
            throw new IllegalStateException(
                    s + " index section: " + what + ", chunks of " + narrowest + " bits or more");
        }
        MemorySegment folds = null;
        if (version >= 2 && !wide) {
            SectionHeader.checkRange(section, s, "fold array offset", foldsOffsetField(m, version), 8);
            long foldsAt = section.get(LONG_LE, foldsOffsetField(m, version));
            SectionHeader.checkRange(section, s, "fold array", foldsAt, (long) FOLD_BYTES * count);
            folds = section.asSlice(foldsAt, (long) FOLD_BYTES * count);
        }
        return new MultiIndexHamming(
                hashes,
                section,
                count,
                startBit,
                bits,
                tableAt,
                postingsAt,
                version >= VERSION_SLOTS && !wide ? postingsCount : null,
                folds,
                tagBits,
                version == VERSION_RESTS,
                wide ? tagsAt : null);
    }

    // ---------------------------------------------------------------- plan

    Plan plan(int radius) {
        Plan p = plans[radius];
        if (p == null) {
            p = computePlan(radius);
            plans[radius] = p;
        }
        return p;
    }

    private Plan computePlan(int radius) {
        return plan(count, bits, radius, tagsOffset != null ? WIDE_COSTS : SLOT_COSTS);
    }

    /** The greedy plan for {@code count} entries, chunk widths {@code widths} and {@code radius}, under {@code costs}. */
    static Plan plan(int count, int[] widths, int radius, Costs costs) {
        int chunks = widths.length;
        int[] radii = new int[chunks];
        java.util.Arrays.fill(radii, -1);
        double cost = 0;
        long probes = 0;
        double scanCost = costs.scanPerEntry() * count;
        for (int unit = 0; unit <= radius; unit++) {
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int i = 0; i < chunks; i++) {
                int level = radii[i] + 1;
                if (level > widths[i]) {
                    continue; // chunk already enumerates every value
                }
                double c = BINOMIAL[widths[i]][level] * costs.perProbe(count / (double) (1L << widths[i]));
                if (c < bestCost) {
                    bestCost = c;
                    best = i;
                }
            }
            radii[best] += 1; // best >= 0: sum (widths_i + 1) = 256 + m > radius
            cost += bestCost;
            probes += (long) BINOMIAL[widths[best]][radii[best]];
            if (cost >= scanCost) {
                return new Plan(radii, true, probes, cost, new int[0][]);
            }
        }
        int[][] masks = new int[chunks][];
        for (int i = 0; i < chunks; i++) {
            masks[i] = probeMasks(widths[i], radii[i]);
        }
        return new Plan(radii, false, probes, cost, masks);
    }

    /** Whether a default-geometry index over {@code count} entries would answer {@code radius} by scanning. */
    static boolean scansAt(int count, int radius) {
        return plan(count, evenWidths(defaultChunkCount(count)), radius, WIDE_COSTS)
                .scan();
    }

    private static double[][] binomials(int n) {
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            c[i][0] = 1;
            for (int k = 1; k <= i; k++) {
                c[i][k] = c[i - 1][k - 1] + (k <= i - 1 ? c[i - 1][k] : 0);
            }
        }
        return c;
    }

    // ---------------------------------------------------------------- search

    /*
     * Why three phases per chunk. The obvious loop (for each probe: read the table slot, then its postings, then
     * each candidate's hash) is a chain of dependent cache misses: ~75 ns each, one at a time, 0.62 ms per query
     * at 10 M, r = 31 (2866 probes, ~3k candidates). Split into (1) all table slots of the chunk, (2) all
     * postings of the non-empty slots, (3) all candidate hashes, each phase is a plain loop of independent loads
     * that the CPU keeps many of in flight at once; the scratch arrays that carry one phase to the next are
     * per thread and reused, so a search allocates nothing. Phases 2 and 3 are each preceded by a "touch" loop
     * that only loads the first word of every line the phase will read: Java has no prefetch instruction, and a
     * loop body that small lets the out-of-order window hold several times more outstanding misses than the
     * real loop, whose body (bounds checks, POPCNTs, the hit test) fills the window after a few iterations.
     * Measured at 10 M, r = 31, same JVM build, alternating runs: 0.62 ms one chain per probe; 0.30 ms phased;
     * 0.25 ms with the phase-3 touch; 0.19-0.21 ms with both touches (bench/INDEX-RESULTS.md).
     */

    /** Candidates verified per round; a larger bucket is gathered and verified in rounds of this size. */
    static final int CANDIDATE_BLOCK = 4096;

    /** Per-thread search scratch: slot ranges of one chunk's probes, and gathered candidate entries. */
    private static final class SearchScratch {
        int[] from = new int[1024];
        int[] to = new int[1024];
        long[] slots = new long[1024];
        /** Layout 4: the number of overflowing slots after each probe level, 0 .. the chunk's radius. */
        final int[] levelEnds = new int[MAX_CHUNK_BITS + 1];

        final int[] candidates = new int[CANDIDATE_BLOCK];
        /** Layout 6: the tags of the buckets gathered so far, and per gathered piece of a bucket where it came from. */
        final int[] tagBuffer = new int[WIDE_BUFFER];

        final int[] pieceFrom = new int[WIDE_PIECES];
        final int[] pieceAt = new int[WIDE_PIECES];
        final int[] pieceLength = new int[WIDE_PIECES];
        final int[] pieceChunk = new int[WIDE_PIECES];
        final int[] pieceLevel = new int[WIDE_PIECES];
        /** Layout 6, per chunk: the query's tag and the tag budgets at probe level 0. */
        final int[] queryTag = new int[MAX_CHUNKS];

        final int[] pairBudget = new int[MAX_CHUNKS];
        final int[] tripleBudget = new int[MAX_CHUNKS];
        /** Sum of the touch loops' loads, stored so that the JIT cannot drop them; never read. */
        @SuppressWarnings("UnusedVariable") // written only, on purpose: see above
        long touched;

        void ensureProbes(int n) {
            if (from.length < n) {
                from = new int[n];
                to = new int[n];
                slots = new long[n];
            }
        }
    }

    private static final ThreadLocal<SearchScratch> SCRATCH = ThreadLocal.withInitial(SearchScratch::new);

    @Override
    public void search(PdqHash query, int maxDistance, HitSink sink) {
        FlatHashes.checkRadius(maxDistance);
        Plan plan = plan(maxDistance);
        long q0 = query.w0();
        long q1 = query.w1();
        long q2 = query.w2();
        long q3 = query.w3();
        if (plan.scan()) {
            fallback.scan(q0, q1, q2, q3, maxDistance, sink);
            return;
        }
        try {
            searchOne(plan, SCRATCH.get(), q0, q1, q2, q3, maxDistance, sink, null, 0);
        } catch (IndexOutOfBoundsException e) {
            throw FlatHashes.corrupt(IndexStrategy.MULTI_INDEX, e);
        }
    }

    /**
     * Batched: query by query with the plan and the scratch looked up once. A chunk-major order (all queries probe
     * chunk 0, then chunk 1, ...) was measured and was no faster (1 M: 0.235 vs 0.225 ms/query) or slower (1 M
     * JMH: 1.2 vs 0.62 ms; 10 M: 3.6 vs 0.9 ms): the tables (32-64 MB per chunk at 10 M) do not stay in cache.
     */
    @Override
    public void searchBatch(long[] queries, int queryCount, int maxDistance, BatchHitSink sink) {
        FlatHashes.checkBatch(queries, queryCount, maxDistance);
        Plan plan = plan(maxDistance);
        if (plan.scan()) {
            fallback.scanBatch(queries, 0, queryCount, maxDistance, sink);
            return;
        }
        try {
            SearchScratch scratch = SCRATCH.get();
            for (int q = 0; q < queryCount; q++) {
                searchOne(
                        plan,
                        scratch,
                        queries[4 * q],
                        queries[4 * q + 1],
                        queries[4 * q + 2],
                        queries[4 * q + 3],
                        maxDistance,
                        null,
                        sink,
                        q);
            }
        } catch (IndexOutOfBoundsException e) {
            throw FlatHashes.corrupt(IndexStrategy.MULTI_INDEX, e);
        }
    }

    private void searchOne(
            Plan plan,
            SearchScratch scratch,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        int[] radii = plan.radii();
        int[][] masks = plan.masks();
        if (tagsOffset != null) {
            searchWide(radii, masks, scratch, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
            return;
        }
        boolean slotTables = postingsCount != null;
        for (int i = 0; i < chunks; i++) {
            if (radii[i] < 0) {
                continue;
            }
            if (tagBits > 0) {
                searchTagged(i, masks[i], radii, scratch, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
            } else if (slotTables) {
                searchSlots(i, masks[i], radii, scratch, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
            } else {
                searchChunk(i, masks[i], radii, scratch, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
            }
        }
    }

    private void searchChunk(
            int i,
            int[] masks,
            int[] radii,
            SearchScratch scratch,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        if (count == 0) {
            return;
        }
        MemorySegment s = section;
        int qv = (int) chunkValue(q0, q1, q2, q3, startBit[i], bits[i]);
        int probes = masks.length;
        scratch.ensureProbes(probes);
        int[] from = scratch.from;
        int[] to = scratch.to;
        long table = tableOffset[i];
        for (int k = 0; k < probes; k++) { // phase 1: independent slot reads, table[v] and table[v+1] as one long
            long range = s.get(LONG_LE, table + 4L * (qv ^ masks[k]));
            from[k] = (int) range;
            to[k] = (int) (range >>> 32);
        }
        int[] candidates = scratch.candidates;
        long postings = postingsOffset[i];
        int n = 0;
        long touched = 0; // phase 2a: first posting of each non-empty probe, a load each and nothing else (see above)
        for (int k = 0; k < probes; k++) {
            // an empty slot (30-55% of them at 10 M) loads posting 0 instead, always cached: a select, not a branch
            touched += s.get(INT_LE, postings + 4L * (from[k] < to[k] ? from[k] : 0));
        }
        scratch.touched = touched;
        for (int k = 0; k < probes; k++) { // phase 2: gather postings
            int p = from[k];
            int end = to[k];
            for (; p < end; p++) { // buckets hold ~1 entry on average: a plain loop beats a bulk copy call
                candidates[n++] = s.get(INT_LE, postings + 4L * p);
                if (n == CANDIDATE_BLOCK) {
                    verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
                    n = 0;
                }
            }
        }
        verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
    }

    /**
     * Layout 3 (and layout 4 without tag bits): the same phases over slot tables. Phase 1 reads the slots into an
     * array, and nothing else, so that no branch waits on a load; a second pass takes their inline entries as
     * candidates and notes the overflowing slots without a branch on what a slot holds (an empty slot is 30-55 % of
     * them at 10 M, a coin toss for the branch predictor); phase 2 touches and gathers the overflow postings; phase 3
     * is {@link #verify}. Against layout 2 a probe saves the load of its first posting, which is most of the probes'
     * postings.
     */
    private void searchSlots(
            int i,
            int[] masks,
            int[] radii,
            SearchScratch scratch,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        long[] slots = readSlots(i, masks, scratch, q0, q1, q2, q3);
        int probes = masks.length;
        int[] candidates = scratch.candidates;
        int[] from = scratch.from;
        int[] to = scratch.to;
        int n = 0;
        int overflowing = 0;
        for (int k = 0; k < probes; k++) { // inline entries (lo, hi >= 0) to candidates; lo <= -2: overflow at -2-lo
            long slot = slots[k];
            int lo = (int) slot;
            int hi = (int) (slot >>> 32);
            candidates[n] = lo;
            n += 1 + (lo >> 31);
            candidates[n] = hi;
            n += 1 + (hi >> 31);
            from[overflowing] = -2 - lo;
            to[overflowing] = -2 - lo - hi; // hi = -count
            overflowing += (lo + 1) >>> 31;
            if (n > CANDIDATE_BLOCK - 2) {
                verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
                n = 0;
            }
        }
        touchOverflow(i, scratch, overflowing);
        MemorySegment s = section;
        long postings = postingsOffset[i];
        for (int k = 0; k < overflowing; k++) { // phase 2: gather overflow postings
            for (int p = from[k], end = to[k]; p < end; p++) {
                candidates[n++] = s.get(INT_LE, postings + 4L * p);
                if (n == CANDIDATE_BLOCK) {
                    verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
                    n = 0;
                }
            }
        }
        verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
    }

    /**
     * Layouts 4 and 5: {@link #searchSlots}'s phases, with each entry's tag (and in layout 5 the rest beside it, if
     * any) tested against the chain rule of its probe (see the class comment) as it is taken, so that a failing entry
     * is dropped in the line its slot or posting came in, before its fold is read. A layout-4 section goes through the
     * same loops with an empty rest ({@code restBits = 0}: two operations per entry for nothing, rather than a second
     * copy of the loops). The probes of one level share the tag's budget (the masks are ordered by level), so
     * the passes run level by level with the budget a constant: no per-probe popcount of the mask or stored budget.
     * Its own loops rather than {@link #searchSlots}'s with an empty tag: the tag test is ~5 operations per entry on
     * the compute between the two load phases, which layout 3's sections would pay for nothing (one loop for both
     * searched a version-5 snapshot at 1.13x the CPU per lookup of {@link #searchSlots} alone, 10 M entries, r = 31;
     * bench/RESULTS.md, "Layout 3 and layout 4 with loops of their own").
     */
    private void searchTagged(
            int i,
            int[] masks,
            int[] radii,
            SearchScratch scratch,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        long[] slots = readSlots(i, masks, scratch, q0, q1, q2, q3);
        int next = i + 1 == chunks ? 0 : i + 1;
        int qtag = (int) chunkValue(q0, q1, q2, q3, startBit[next], tagBits);
        int restBits = restInSlot ? bits[next] - tagBits : 0; // layout 5: the rest of chunk next in a one-entry slot
        int qrest = (int) chunkValue(q0, q1, q2, q3, startBit[next] + tagBits, restBits);
        int rmask = (1 << restBits) - 1;
        boolean wide = restInSlot;
        int pshift = postingShift;
        int pair = radii[i] + radii[next] + 2; // units of chunks i and next: d_i + d_next must stay below them
        int ids = idBits;
        int idm = idMask;
        double[] levelSizes = BINOMIAL[bits[i]];
        int probes = masks.length;
        int[] candidates = scratch.candidates;
        int[] from = scratch.from;
        int[] to = scratch.to;
        int[] levelEnds = scratch.levelEnds;
        int n = 0;
        int overflowing = 0;
        for (int level = 0, k = 0; k < probes; level++) {
            int limit = pair - level; // an entry is kept if its tag distance is below: a negative difference
            for (int end = k + (int) levelSizes[level]; k < end; k++) { // as searchSlots, lo and hi kept if >= 0
                long slot = slots[k];
                int lo = (int) slot;
                int hi = (int) (slot >>> 32);
                int rest = Integer.bitCount((hi & rmask) ^ qrest) & (hi >> 31); // hi < 0: lo is alone (or no entry)
                candidates[n] = lo & idm;
                n += (~lo & (Integer.bitCount((lo >>> ids) ^ qtag) + rest - limit)) >>> 31;
                candidates[n] = hi & idm;
                n += (~hi & (Integer.bitCount((hi >>> ids) ^ qtag) - limit)) >>> 31;
                from[overflowing] = -2 - lo;
                to[overflowing] = -2 - lo - hi;
                overflowing += (lo + 1) >>> 31;
                if (n > CANDIDATE_BLOCK - 2) {
                    verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
                    n = 0;
                }
            }
            levelEnds[level] = overflowing;
        }
        touchOverflow(i, scratch, overflowing);
        MemorySegment s = section;
        long postings = postingsOffset[i];
        for (int level = 0, k = 0; k < overflowing; level++) { // phase 2: gather overflow postings, level by level
            int limit = pair - level;
            for (int end = levelEnds[level]; k < end; k++) {
                for (int p = from[k], stop = to[k]; p < stop; p++) {
                    long at = postings + ((long) p << pshift);
                    int v = s.get(INT_LE, at);
                    int r = wide ? s.get(INT_LE, at + 4) : -1; // -1: no rest, as in a layout-4 one-entry slot
                    if (v < 0) { // an entry is never negative (and its number masked out of it would look valid)
                        throw new IndexOutOfBoundsException("chunk " + i + " overflow posting " + p + " is " + v);
                    }
                    candidates[n] = v & idm;
                    n += (Integer.bitCount((v >>> ids) ^ qtag)
                                    + (Integer.bitCount((r & rmask) ^ qrest) & (r >> 31))
                                    - limit)
                            >>> 31;
                    if (n == CANDIDATE_BLOCK) {
                        verify(
                                i,
                                radii,
                                scratch,
                                candidates,
                                n,
                                q0,
                                q1,
                                q2,
                                q3,
                                maxDistance,
                                sink,
                                batchSink,
                                queryNumber);
                        n = 0;
                    }
                }
            }
        }
        verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
    }

    /*
     * Layout 6. A probe of a 16-bit chunk at 10 M entries finds a bucket of ~150 entries; their tags (the next two
     * chunks' values) are contiguous, so they are read as a stream, and by the chain rule only an entry whose tag
     * distances meet the budgets of its probe level can be reported through this chunk: a random entry passes with
     * probability ~1e-4. The scan is written for the machine: every bucket of the query is copied into a per-thread
     * int[] first (independent bulk copies, whose misses overlap), then each piece is OR-reduced over the pass test in
     * a loop C2 vectorizes (the same loop straight from the segment is not vectorized), first over all the pieces of
     * one chunk and probe level at once (fewer, longer loops), then, only if one passes, piece by piece; only a piece
     * with a pass is scanned again for its entries. Measured at 10 M, r = 31 (WideBucketExperiment): 0.54-0.65x layout 5's CPU per
     * query; a scalar loop over the segment was 1.24x, a touch loop before per-bucket copies 0.79-0.84x.
     */

    /** Layout 6: ints of tags gathered before they are scanned (256 KB per thread; ~41.5 k at 10 M, r = 31). */
    static final int WIDE_BUFFER = 1 << 16;

    /** Layout 6: bucket pieces gathered before they are scanned. */
    static final int WIDE_PIECES = 1 << 12;

    private void searchWide(
            int[] radii,
            int[][] masks,
            SearchScratch scratch,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        MemorySegment s = section;
        int used = 0;
        int pieces = 0;
        for (int i = 0; i < chunks; i++) {
            if (radii[i] < 0) {
                continue;
            }
            int next = i + 1 == chunks ? 0 : i + 1;
            int next2 = next + 1 == chunks ? 0 : next + 1;
            scratch.queryTag[i] = (int) chunkValue(q0, q1, q2, q3, startBit[next], Math.min(WIDE_TAG_BITS, bits[next]))
                    | (int) chunkValue(q0, q1, q2, q3, startBit[next2], Math.min(WIDE_TAG_BITS, bits[next2])) << 16;
            scratch.pairBudget[i] = radii[i] + radii[next] + 1; // u_i + u_next - 1
            scratch.tripleBudget[i] = radii[i] + radii[next] + radii[next2] + 2;
            int qv = (int) chunkValue(q0, q1, q2, q3, startBit[i], bits[i]);
            long table = tableOffset[i];
            int[] mk = masks[i];
            for (int k = 0; k < mk.length; k++) {
                long at = table + 4L * (qv ^ mk[k]);
                int from = s.get(INT_LE, at);
                int to = s.get(INT_LE, at + 4);
                if (from < 0 || from > to || to > count) {
                    throw new IndexOutOfBoundsException("chunk " + i + " bucket " + from + ".." + to);
                }
                int level = Integer.bitCount(mk[k]);
                while (from < to) {
                    int length = Math.min(Math.min(to - from, WIDE_BUFFER - used), CANDIDATE_BLOCK);
                    if (length == 0 || pieces == WIDE_PIECES) {
                        scanWide(radii, scratch, pieces, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
                        used = 0;
                        pieces = 0;
                        continue;
                    }
                    scratch.pieceFrom[pieces] = from;
                    scratch.pieceAt[pieces] = used;
                    scratch.pieceLength[pieces] = length;
                    scratch.pieceChunk[pieces] = i;
                    scratch.pieceLevel[pieces] = level;
                    pieces++;
                    used += length;
                    from += length;
                }
            }
        }
        scanWide(radii, scratch, pieces, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
    }

    /** Layout 6: tests the gathered pieces' tags, and verifies the entries of those that pass. */
    private void scanWide(
            int[] radii,
            SearchScratch scratch,
            int pieces,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        int[] buffer = scratch.tagBuffer;
        int[] candidates = scratch.candidates;
        long[] tagsAt = Objects.requireNonNull(tagsOffset);
        for (int p = 0; p < pieces; p++) { // the copies in a loop of their own, so that their misses overlap
            long from = tagsAt[scratch.pieceChunk[p]] + 4L * scratch.pieceFrom[p];
            MemorySegment.copy(section, INT_LE, from, buffer, scratch.pieceAt[p], scratch.pieceLength[p]);
        }
        int groupEnd = 0;
        for (int p = 0; p < pieces; p++) {
            int i = scratch.pieceChunk[p];
            int qt = scratch.queryTag[i];
            int level = scratch.pieceLevel[p];
            int pair = scratch.pairBudget[i] - level;
            int triple = scratch.tripleBudget[i] - level;
            int at = scratch.pieceAt[p];
            int end = at + scratch.pieceLength[p];
            if (p == groupEnd) { // the pieces of one chunk and level lie back to back: one reduction over them first
                int last = p;
                while (last + 1 < pieces
                        && scratch.pieceChunk[last + 1] == i
                        && scratch.pieceLevel[last + 1] == level) {
                    last++;
                }
                groupEnd = last + 1;
                if (anyPasses(buffer, at, scratch.pieceAt[last] + scratch.pieceLength[last], qt, pair, triple) >= 0) {
                    p = last;
                    continue;
                }
            }
            if (anyPasses(buffer, at, end, qt, pair, triple) >= 0) {
                continue;
            }
            long postings = postingsOffset[i] + 4L * (scratch.pieceFrom[p] - at);
            int n = 0;
            for (int c = at; c < end; c++) { // piece length <= CANDIDATE_BLOCK: candidates cannot overflow
                int x = buffer[c] ^ qt;
                if (((pair - Integer.bitCount(x & 0xFFFF)) | (triple - Integer.bitCount(x))) >= 0) {
                    candidates[n++] = section.get(INT_LE, postings + 4L * c);
                }
            }
            verify(i, radii, scratch, candidates, n, q0, q1, q2, q3, maxDistance, sink, batchSink, queryNumber);
        }
    }

    /**
     * The sign bit is set if some tag in {@code buffer[from..to)} is within both budgets of {@code queryTag}: its low
     * half within {@code pair} bits, both halves within {@code triple}. A loop C2 vectorizes (no early exit).
     */
    private static int anyPasses(int[] buffer, int from, int to, int queryTag, int pair, int triple) {
        int any = 0;
        for (int c = from; c < to; c++) {
            int x = buffer[c] ^ queryTag;
            any |= ~((pair - Integer.bitCount(x & 0xFFFF)) | (triple - Integer.bitCount(x)));
        }
        return any;
    }

    /** Phase 1 of the slot layouts: chunk {@code i}'s slots of every probe into the scratch, independent reads. */
    private long[] readSlots(int i, int[] masks, SearchScratch scratch, long q0, long q1, long q2, long q3) {
        MemorySegment s = section;
        int qv = (int) chunkValue(q0, q1, q2, q3, startBit[i], bits[i]);
        int probes = masks.length;
        scratch.ensureProbes(probes);
        long[] slots = scratch.slots;
        long table = tableOffset[i];
        for (int k = 0; k < probes; k++) {
            slots[k] = s.get(LONG_LE, table + (long) SLOT_BYTES * (qv ^ masks[k]));
        }
        return slots;
    }

    /**
     * Phase 2a of the slot layouts: checks the {@code overflowing} ranges the decode noted in the scratch and loads
     * the first posting of each, a load and nothing else (see the comment above {@link #CANDIDATE_BLOCK}).
     */
    private void touchOverflow(int i, SearchScratch scratch, int overflowing) {
        MemorySegment s = section;
        int pshift = postingShift;
        int[] from = scratch.from;
        int[] to = scratch.to;
        long postings = postingsOffset[i];
        long limit = Objects.requireNonNull(postingsCount)[i];
        long touched = 0;
        for (int k = 0; k < overflowing; k++) {
            if (from[k] > to[k] - 3 || to[k] > limit) { // fewer than three, or past the end: not what build writes
                throw new IndexOutOfBoundsException("chunk " + i + " overflow postings " + from[k] + ".." + to[k]);
            }
            touched += s.get(INT_LE, postings + ((long) from[k] << pshift));
        }
        scratch.touched = touched;
    }

    /**
     * Phase 3: full distance of each candidate, independent hash reads; reports hits first covered by chunk i. With
     * a fold array, the candidates whose fold distance exceeds the radius are dropped first (an exact filter, see
     * the class comment), and only the rest are read from the hash list.
     */
    private void verify(
            int i,
            int[] radii,
            SearchScratch scratch,
            int[] candidates,
            int n,
            long q0,
            long q1,
            long q2,
            long q3,
            int maxDistance,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        MemorySegment h = hashes;
        MemorySegment f = folds;
        long touched = 0;
        if (f != null) {
            for (int c = 0; c < n; c++) { // phase 3a: one load per candidate's fold, as for the hashes below
                touched += f.get(LONG_LE, (long) FOLD_BYTES * candidates[c]);
            }
            long qa = fold0(q0, q2);
            long qb = fold1(q1, q3);
            int passed = 0;
            for (int c = 0; c < n; c++) { // the survivors overwrite the front of the array: passed <= c
                int e = candidates[c];
                long at = (long) FOLD_BYTES * e;
                if (Long.bitCount(f.get(LONG_LE, at) ^ qa) + Long.bitCount(f.get(LONG_LE, at + 8) ^ qb)
                        <= maxDistance) {
                    candidates[passed++] = e;
                }
            }
            n = passed;
        } else {
            for (int c = 0; c < n; c++) { // phase 3a: one load per candidate, so that 3b finds the hashes in cache
                touched += h.get(LONG_LE, (long) candidates[c] << ENTRY_SHIFT);
            }
        }
        scratch.touched = touched;
        for (int c = 0; c < n; c++) {
            int e = candidates[c];
            long at = (long) e << ENTRY_SHIFT;
            long x0 = h.get(LONG_LE, at) ^ q0;
            long x1 = h.get(LONG_LE, at + 8) ^ q1;
            long x2 = h.get(LONG_LE, at + 16) ^ q2;
            long x3 = h.get(LONG_LE, at + 24) ^ q3;
            int d = Long.bitCount(x0) + Long.bitCount(x1) + Long.bitCount(x2) + Long.bitCount(x3);
            if (d <= maxDistance && reportsAt(i, radii, x0, x1, x2, x3)) {
                if (sink != null) {
                    sink.hit(e, d);
                } else {
                    Objects.requireNonNull(batchSink).hit(queryNumber, e, d);
                }
            }
        }
    }

    /**
     * All XOR masks of a {@code width}-bit chunk with at most {@code radius} bits set, by level (0, then the
     * masks with one bit set, ...), each level in increasing order by Gosper's hack
     * ({@code c = m & -m; r = m + c; m = r | ((r ^ m) >>> (2 + ntz(c)))}).
     */
    static int[] probeMasks(int width, int radius) {
        if (radius < 0) {
            return new int[0];
        }
        long total = 0;
        for (int k = 0; k <= radius; k++) {
            total += (long) BINOMIAL[width][k];
        }
        int[] masks = new int[Math.toIntExact(total)];
        int n = 0;
        long limit = 1L << width;
        masks[n++] = 0;
        for (int k = 1; k <= radius; k++) {
            long mask = (1L << k) - 1;
            while (mask < limit) {
                masks[n++] = (int) mask;
                long c = mask & -mask;
                long r = mask + c;
                mask = r | ((r ^ mask) >>> (2 + Long.numberOfTrailingZeros(c)));
            }
        }
        return masks;
    }

    /**
     * True if chunk {@code i} is the first chain start of a hit with XOR words {@code x0..x3} (see the class
     * comment): the chunk that reports it. Every hit has one, and chunk {@code i}'s probes find it there.
     */
    private boolean reportsAt(int i, int[] radii, long x0, long x1, long x2, long x3) {
        for (int j = 0; j <= i; j++) {
            if (chainStart(j, radii, x0, x1, x2, x3)) {
                return j == i;
            }
        }
        return false;
    }

    /** Whether every run of chunks {@code j, j+1, ...} (cyclically) has fewer differing bits than units. */
    private boolean chainStart(int j, int[] radii, long x0, long x1, long x2, long x3) {
        int slack = 0;
        for (int l = 0, c = j; l < chunks; l++, c = c + 1 == chunks ? 0 : c + 1) {
            slack += radii[c] + 1 - Long.bitCount(chunkValue(x0, x1, x2, x3, startBit[c], bits[c]));
            if (slack <= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public IndexStrategy strategy() {
        return IndexStrategy.MULTI_INDEX;
    }

    /** Number of chunks. */
    int chunkCount() {
        return chunks;
    }
}
