package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Brute force: XOR and {@link Long#bitCount} (one POPCNT per word) over every entry of the flat hash list.
 * The oracle of the tests and the fallback of {@link MultiIndexHamming} at large radii.
 *
 * <p><b>Section layout</b> (version 1): only the 32-byte {@link SectionHeader} (strategy code 1). It exists
 * so that every strategy is stored and opened the same way, and so that opening checks the entry count.
 *
 * <p><b>Single query.</b> One pass over the segment, reading the four little-endian longs of each entry
 * straight from the {@link MemorySegment} (a plain load on x86: the JIT hoists the bounds check out of the
 * loop), two entries per iteration; no early exit (a branch per word costs more than the POPCNTs it saves).
 *
 * <p><b>Batch.</b> Cache-blocked: the list is read once per batch in blocks of {@link #BLOCK_ENTRIES} entries
 * (16 KB, half of L1d) copied into a per-thread {@code long[]}; every query of the batch is compared with the
 * block while it is in L1, so memory traffic is paid once per batch instead of once per query, and the
 * loop is bound by POPCNT throughput instead.
 *
 * <p>Thread-safe: immutable fields; the batch scratch is a {@link ThreadLocal}.
 */
final class BruteForceHamming implements HammingIndex {
    static final int VERSION = 1;
    /** Entries per cache block in batch mode: 512 x 32 B = 16 KB. */
    static final int BLOCK_ENTRIES = 512;

    private static final ThreadLocal<long[]> BLOCK = ThreadLocal.withInitial(() -> new long[BLOCK_ENTRIES * 4]);

    private final MemorySegment hashes;
    private final int count;

    private BruteForceHamming(MemorySegment hashes, int count) {
        this.hashes = hashes;
        this.count = count;
    }

    static MemorySegment build(MemorySegment hashes, Arena arena) {
        int count = FlatHashes.count(hashes);
        MemorySegment section = arena.allocate(SectionHeader.BYTES, 64);
        SectionHeader.write(section, IndexStrategy.BRUTE_FORCE, VERSION, count);
        return section;
    }

    static BruteForceHamming open(MemorySegment hashes, MemorySegment section) {
        int count = FlatHashes.count(hashes);
        SectionHeader.check(section, IndexStrategy.BRUTE_FORCE, VERSION, count);
        return new BruteForceHamming(hashes, count);
    }

    /** A searcher over {@code hashes} without a stored section (used as the fallback of other strategies). */
    static BruteForceHamming over(MemorySegment hashes) {
        return new BruteForceHamming(hashes, FlatHashes.count(hashes));
    }

    @Override
    public void search(PdqHash query, int maxDistance, HitSink sink) {
        FlatHashes.checkRadius(maxDistance);
        scan(query.w0(), query.w1(), query.w2(), query.w3(), maxDistance, sink);
    }

    /** Scans every entry; no argument checks. */
    void scan(long q0, long q1, long q2, long q3, int maxDistance, HitSink sink) {
        MemorySegment h = hashes;
        long end = (long) count << ENTRY_SHIFT;
        long pairEnd = end & ~63L;
        long at = 0;
        for (; at < pairEnd; at += 64) {
            int d0 = Long.bitCount(h.get(LONG_LE, at) ^ q0)
                    + Long.bitCount(h.get(LONG_LE, at + 8) ^ q1)
                    + Long.bitCount(h.get(LONG_LE, at + 16) ^ q2)
                    + Long.bitCount(h.get(LONG_LE, at + 24) ^ q3);
            int d1 = Long.bitCount(h.get(LONG_LE, at + 32) ^ q0)
                    + Long.bitCount(h.get(LONG_LE, at + 40) ^ q1)
                    + Long.bitCount(h.get(LONG_LE, at + 48) ^ q2)
                    + Long.bitCount(h.get(LONG_LE, at + 56) ^ q3);
            if (d0 <= maxDistance) {
                sink.hit((int) (at >>> ENTRY_SHIFT), d0);
            }
            if (d1 <= maxDistance) {
                sink.hit((int) (at >>> ENTRY_SHIFT) + 1, d1);
            }
        }
        if (at < end) {
            int d = Long.bitCount(h.get(LONG_LE, at) ^ q0)
                    + Long.bitCount(h.get(LONG_LE, at + 8) ^ q1)
                    + Long.bitCount(h.get(LONG_LE, at + 16) ^ q2)
                    + Long.bitCount(h.get(LONG_LE, at + 24) ^ q3);
            if (d <= maxDistance) {
                sink.hit((int) (at >>> ENTRY_SHIFT), d);
            }
        }
    }

    @Override
    public void searchBatch(long[] queries, int queryCount, int maxDistance, BatchHitSink sink) {
        FlatHashes.checkBatch(queries, queryCount, maxDistance);
        scanBatch(queries, 0, queryCount, maxDistance, sink);
    }

    /** Scans every entry for queries {@code from .. to-1} of {@code queries}; no argument checks. */
    void scanBatch(long[] queries, int from, int to, int maxDistance, BatchHitSink sink) {
        if (from >= to) {
            return;
        }
        long[] block = BLOCK.get();
        for (int first = 0; first < count; first += BLOCK_ENTRIES) {
            int n = Math.min(BLOCK_ENTRIES, count - first);
            MemorySegment.copy(hashes, LONG_LE, (long) first << ENTRY_SHIFT, block, 0, n * 4);
            int longs = n * 4;
            int q = from;
            for (; q + 1 < to; q += 2) { // two queries per pass: each block word loaded once for both
                long a0 = queries[4 * q];
                long a1 = queries[4 * q + 1];
                long a2 = queries[4 * q + 2];
                long a3 = queries[4 * q + 3];
                long b0 = queries[4 * q + 4];
                long b1 = queries[4 * q + 5];
                long b2 = queries[4 * q + 6];
                long b3 = queries[4 * q + 7];
                for (int i = 0; i < longs; i += 4) {
                    long h0 = block[i];
                    long h1 = block[i + 1];
                    long h2 = block[i + 2];
                    long h3 = block[i + 3];
                    int da = Long.bitCount(h0 ^ a0)
                            + Long.bitCount(h1 ^ a1)
                            + Long.bitCount(h2 ^ a2)
                            + Long.bitCount(h3 ^ a3);
                    int db = Long.bitCount(h0 ^ b0)
                            + Long.bitCount(h1 ^ b1)
                            + Long.bitCount(h2 ^ b2)
                            + Long.bitCount(h3 ^ b3);
                    if (da <= maxDistance) {
                        sink.hit(q, first + (i >>> 2), da);
                    }
                    if (db <= maxDistance) {
                        sink.hit(q + 1, first + (i >>> 2), db);
                    }
                }
            }
            if (q < to) {
                long q0 = queries[4 * q];
                long q1 = queries[4 * q + 1];
                long q2 = queries[4 * q + 2];
                long q3 = queries[4 * q + 3];
                for (int i = 0; i < longs; i += 4) {
                    int d = Long.bitCount(block[i] ^ q0)
                            + Long.bitCount(block[i + 1] ^ q1)
                            + Long.bitCount(block[i + 2] ^ q2)
                            + Long.bitCount(block[i + 3] ^ q3);
                    if (d <= maxDistance) {
                        sink.hit(q, first + (i >>> 2), d);
                    }
                }
            }
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public IndexStrategy strategy() {
        return IndexStrategy.BRUTE_FORCE;
    }
}
