package io.hashmatch.list;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A sorted array of exact digests (MD5, SHA-1 or SHA-256) with their entry numbers, searched (by interpolation)
 * directly in the mapped file.
 *
 * <p>Layout of the section: {@code n} fixed-width records of {@code digestLength + 4} bytes, the digest's
 * bytes as they are, then the entry number (int32 little-endian), sorted by digest as unsigned bytes, then
 * by entry number. Equal digests (the same file in two merged lists) are adjacent.
 *
 * <p>Immutable once built; thread-safe.
 */
final class ExactHashTable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A digest's first 8 bytes as an unsigned big-endian number: the order of the records. */
    private static final ValueLayout.OfLong PREFIX = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final VarHandle KEY_PREFIX =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final double TWO_TO_64 = 0x1p64;
    /** Ranges this small are scanned record by record. */
    private static final int LINEAR_SEARCH = 8;

    private final MemorySegment records;
    private final int digestLength;
    private final int recordLength;
    private final long count;

    ExactHashTable(MemorySegment records, int digestLength) {
        this.records = records;
        this.digestLength = digestLength;
        this.recordLength = digestLength + 4;
        if (records.byteSize() % recordLength != 0) {
            throw new IllegalStateException("section of " + records.byteSize() + " bytes is not a whole number of "
                    + recordLength + "-byte records");
        }
        this.count = records.byteSize() / recordLength;
    }

    long size() {
        return count;
    }

    /** Builds the section from parallel arrays (one digest per entry); see {@link #build(byte[], int[], int, int)}. */
    static MemorySegment build(byte[][] digests, int[] entries, int digestLength) {
        byte[] flat = new byte[Math.multiplyExact(digests.length, digestLength)];
        for (int i = 0; i < digests.length; i++) {
            if (digests[i].length != digestLength) {
                throw new IllegalArgumentException(
                        "digest " + i + " has " + digests[i].length + " bytes, not " + digestLength);
            }
            System.arraycopy(digests[i], 0, flat, i * digestLength, digestLength);
        }
        return build(flat, entries, digests.length, digestLength);
    }

    /**
     * Builds the section from {@code count} digests stored back to back in {@code flat} (digest i at
     * {@code i * digestLength}) and their entries, {@code entries[i]} for digest i.
     *
     * <p><b>Sort.</b> Boxed indices under a comparator cost ~16 bytes and a pointer chase per compare; instead
     * each digest becomes one {@code long}: its first {@link #PREFIX_BITS} bits (big-endian, so unsigned
     * numeric order is byte order) above its 31-bit index, with the sign bit flipped so that the signed
     * {@link Arrays#sort(long[])} orders the prefixes as unsigned. Digests differing in those bits are then in
     * final order; runs sharing a prefix (random digests: ~n^2 / 2^34 pairs, i.e. a few thousand at 10 M;
     * repeated digests: the whole run) are re-sorted by the full digest then the entry, which is the order the
     * format requires. Heap: 8 bytes per digest, plus the run being fixed.
     */
    static MemorySegment build(byte[] flat, int[] entries, int count, int digestLength) {
        if (digestLength < 8 || flat.length < (long) count * digestLength || entries.length < count) {
            throw new IllegalArgumentException(
                    "need " + count + " digests of " + digestLength + " (>= 8) bytes and entries");
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            long prefix = (long) BIG_LONG.get(flat, i * digestLength);
            keys[i] = ((prefix >>> INDEX_BITS) << INDEX_BITS | i) ^ Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (int) (keys[i] & INDEX_MASK);
        }
        for (int i = 0; i < count; ) { // fix runs with equal prefixes
            int j = i + 1;
            while (j < count && (keys[j] >>> INDEX_BITS) == (keys[i] >>> INDEX_BITS)) {
                j++;
            }
            if (j - i > 1) {
                sortRun(order, i, j, flat, entries, digestLength);
            }
            i = j;
        }
        keys = null;
        int rec = digestLength + 4;
        byte[] out = new byte[Math.multiplyExact(count, rec)];
        for (int i = 0; i < count; i++) {
            int k = order[i];
            System.arraycopy(flat, k * digestLength, out, i * rec, digestLength);
            LE_INT.set(out, i * rec + digestLength, entries[k]);
        }
        return MemorySegment.ofArray(out);
    }

    /** Bits of the digest prefix packed above the index in a sort key. */
    private static final int PREFIX_BITS = 33;

    private static final int INDEX_BITS = 64 - PREFIX_BITS;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final java.lang.invoke.VarHandle BIG_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle LE_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Sorts {@code order[from..to)} by full digest (unsigned bytes) then entry: insertion sort for short runs, a
     * top-down merge sort (O(n log n) also when a digest repeats a million times) for long ones.
     */
    private static void sortRun(int[] order, int from, int to, byte[] flat, int[] entries, int len) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int v = order[i];
                int j = i - 1;
                while (j >= from && compare(order[j], v, flat, entries, len) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortRun(order, from, mid, flat, entries, len);
        sortRun(order, mid, to, flat, entries, len);
        if (compare(order[mid - 1], order[mid], flat, entries, len) <= 0) {
            return; // already in order (e.g. a run of one repeated digest, entries ascending)
        }
        int[] left = Arrays.copyOfRange(order, from, mid);
        int a = 0;
        int b = mid;
        int o = from;
        while (a < left.length && b < to) {
            order[o++] = compare(left[a], order[b], flat, entries, len) <= 0 ? left[a++] : order[b++];
        }
        while (a < left.length) {
            order[o++] = left[a++];
        }
    }

    private static int compare(int x, int y, byte[] flat, int[] entries, int len) {
        int c = Arrays.compareUnsigned(flat, x * len, x * len + len, flat, y * len, y * len + len);
        return c != 0 ? c : Integer.compare(entries[x], entries[y]);
    }

    /**
     * Entry numbers of the records whose digest is {@code digest}, in entry order; empty when none (or when its length
     * is not this table's).
     *
     * <p>Interpolation search on the digests' first 8 bytes, read as one unsigned big-endian long: digests are spread
     * uniformly, so a key's share of the 64-bit range predicts its rank to within about the square root of the range's
     * size. Each round probes the predicted record, then one record a square root away on the far side of the key,
     * which brackets the key almost always: 10 M records take about six distant probes and a short scan of neighbours
     * (measured on uniform keys) instead of a binary search's 24 distant probes, each a
     * cache and TLB miss in a file of gigabytes. A round that fails to halve the range is followed by a bisection, so a
     * list skewed on purpose costs at most about twice a binary search.
     */
    int[] find(byte[] digest) {
        if (digest.length != digestLength) {
            return new int[0];
        }
        long key = (long) KEY_PREFIX.get(digest, 0);
        SearchRange r = new SearchRange(count);
        double target = unsigned(key);
        while (r.hi - r.lo > LINEAR_SEARCH) {
            long size = r.hi - r.lo;
            boolean below = narrow(r, r.guess(target), key, digest);
            long gap = Math.max(LINEAR_SEARCH / 2, (long) Math.sqrt((double) size));
            long far = below ? r.lo - 1 + gap : r.hi - gap; // a square root beyond the probe, on the key's side
            if (far >= r.lo && far < r.hi) {
                narrow(r, far, key, digest);
            }
            if (r.hi - r.lo > size / 2) {
                narrow(r, (r.lo + r.hi) >>> 1, key, digest);
            }
        }
        long lo = r.lo;
        while (lo < r.hi && compareAt(lo, key, digest) < 0) {
            lo++;
        }
        long end = lo;
        while (end < count && compareAt(end, key, digest) == 0) {
            end++;
        }
        int[] out = new int[(int) (end - lo)];
        for (long i = lo; i < end; i++) {
            out[(int) (i - lo)] = records.get(INT, i * recordLength + digestLength);
        }
        return out;
    }

    /**
     * Compares record {@code record} (inside {@code r}) with the digest and moves the bound of {@code r} past it;
     * returns whether the record is below the digest (the lower bound moved).
     */
    private boolean narrow(SearchRange r, long record, long key, byte[] digest) {
        boolean below = compareAt(record, key, digest) < 0;
        double prefix = unsigned(records.get(PREFIX, record * recordLength));
        if (below) {
            r.lo = record + 1;
            r.keyLo = prefix;
        } else {
            r.hi = record;
            r.keyHi = prefix;
        }
        return below;
    }

    /**
     * The records still to search: [0, lo) are below the digest, [hi, count) are not; keyLo and keyHi bound the
     * prefixes (as unsigned values) of the records in between. One per search (escape analysis keeps it off the heap).
     */
    private static final class SearchRange {
        long lo;
        long hi;
        double keyLo;
        double keyHi = TWO_TO_64;

        SearchRange(long count) {
            hi = count;
        }

        /** The record whose rank the key's share of [keyLo, keyHi] predicts. */
        long guess(double target) {
            double span = keyHi - keyLo;
            long size = hi - lo;
            long guess = lo + (span > 0 ? (long) ((target - keyLo) / span * size) : size / 2);
            return Math.clamp(guess, lo, hi - 1);
        }
    }

    /** Unsigned value of a 64-bit prefix, as a double (rounding is harmless: it only steers the probes). */
    private static double unsigned(long prefix) {
        return (prefix >>> 11) * 0x1p11;
    }

    /** Digest of record i as lowercase hex (for export and verification). */
    String digestHex(long i) {
        return HexFormat.of()
                .formatHex(records.asSlice(i * recordLength, digestLength).toArray(ValueLayout.JAVA_BYTE));
    }

    int entryAt(long i) {
        return records.get(INT, i * recordLength + digestLength);
    }

    /** Record {@code record}'s digest compared with {@code digest}, whose first 8 bytes are {@code key}. */
    private int compareAt(long record, long key, byte[] digest) {
        long base = record * recordLength;
        long prefix = records.get(PREFIX, base);
        if (prefix != key) {
            return Long.compareUnsigned(prefix, key);
        }
        for (int k = 8; k < digestLength; k++) {
            int a = records.get(ValueLayout.JAVA_BYTE, base + k) & 0xFF;
            int b = digest[k] & 0xFF;
            if (a != b) {
                return a - b;
            }
        }
        return 0;
    }
}
