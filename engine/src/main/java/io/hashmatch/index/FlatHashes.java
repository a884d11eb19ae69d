package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The flat hash list every strategy reads: {@code count * 32} bytes, entry {@code e} at byte {@code 32 * e},
 * words w0..w3 as little-endian longs at +0, +8, +16, +24. Also owns the argument checks shared by all
 * searchers, so every strategy rejects the same inputs with the same messages.
 */
final class FlatHashes {
    /** Bytes per entry: four longs. */
    static final int ENTRY_BYTES = 32;
    /** log2(ENTRY_BYTES): entry number to byte offset is a shift. */
    static final int ENTRY_SHIFT = 5;
    /** Largest valid radius: 256 bits can all differ. */
    static final int MAX_RADIUS = PdqHash.BITS;

    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FlatHashes() {}

    /**
     * Number of entries in {@code hashes}.
     *
     * @throws IllegalArgumentException if the length is not a multiple of 32 or exceeds int entry numbers
     */
    static int count(MemorySegment hashes) {
        long bytes = hashes.byteSize();
        if ((bytes & (ENTRY_BYTES - 1)) != 0) {
            throw new IllegalArgumentException(
                    "hash list is " + bytes + " bytes, not a multiple of 32 (4 longs per hash)");
        }
        long count = bytes >>> ENTRY_SHIFT;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "hash list has " + count + " entries; entry numbers are ints (max " + Integer.MAX_VALUE + ")");
        }
        return (int) count;
    }

    static void checkRadius(int maxDistance) {
        PdqHash.checkDistance("maxDistance", maxDistance);
    }

    static void checkBatch(long[] queries, int queryCount, int maxDistance) {
        checkRadius(maxDistance);
        if (queryCount < 0 || queryCount > queries.length / 4) {
            throw new IllegalArgumentException("queryCount must be 0.." + queries.length / 4 + " for a query array of "
                    + queries.length + " longs (4 per query), got " + queryCount);
        }
    }

    /** Hamming distance between entry {@code entry} and the query words. */
    static int distance(MemorySegment hashes, int entry, long q0, long q1, long q2, long q3) {
        long at = (long) entry << ENTRY_SHIFT;
        return Long.bitCount(hashes.get(LONG_LE, at) ^ q0)
                + Long.bitCount(hashes.get(LONG_LE, at + 8) ^ q1)
                + Long.bitCount(hashes.get(LONG_LE, at + 16) ^ q2)
                + Long.bitCount(hashes.get(LONG_LE, at + 24) ^ q3);
    }

    /** Word {@code w} (0-3) of entry {@code entry}. */
    static long word(MemorySegment hashes, int entry, int w) {
        return hashes.get(LONG_LE, ((long) entry << ENTRY_SHIFT) + 8L * w);
    }

    /** Turns an out-of-range read deep in a search into a clear error naming the cause. */
    static IllegalStateException corrupt(IndexStrategy strategy, RuntimeException cause) {
        return new IllegalStateException(
                strategy + " index section is corrupt: an offset or entry number read from it " + "is out of range ("
                        + cause.getMessage() + ")",
                cause);
    }
}
