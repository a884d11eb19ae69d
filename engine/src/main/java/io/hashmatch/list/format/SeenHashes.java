package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;

/**
 * The hashes of one kind seen so far in one list, for duplicate detection, with the line of each.
 *
 * <p>Layout: open addressing with linear probing over three parallel arrays, {@code hi[i], lo[i]} a 128-bit
 * key and {@code lines[i]} the line it was first seen on (0 marks a free slot, so stored lines are
 * {@code line + 1}). About 20 bytes per hash at the 0.5-0.75 load kept here, against some 150 for a
 * {@code HashSet<String>}: a list of ten million hashes needs about 200-400 MB.
 *
 * <p>Keys: for MD5 the 128 bits themselves (exact). For the other kinds two independent 64-bit hashes of
 * the whole canonical text: a prefix will not do, since similar images share PDQ bits and synthetic or test
 * lists hold values that differ only in their last digits. A false "duplicate" has probability about
 * n²/2¹²⁹ and would only refuse an import, never hide a hash. Not thread-safe.
 */
final class SeenHashes {
    private static final long SEED_HI = 0x9E3779B97F4A7C15L;
    private static final long SEED_LO = 0xC2B2AE3D27D4EB4FL;

    private final HashKind kind;
    private long[] hi = new long[1 << 10];
    private long[] lo = new long[1 << 10];
    private int[] lines = new int[1 << 10];
    private int size;

    SeenHashes(HashKind kind) {
        this.kind = kind;
    }

    /**
     * Records {@code canonical} as seen on {@code line}; returns -1 if it was new, else the line it was first
     * seen on (the table keeps that line).
     */
    int add(String canonical, int line) {
        long h;
        long l;
        switch (kind) {
            case MD5 -> {
                h = Long.parseUnsignedLong(canonical, 0, 16, 16);
                l = Long.parseUnsignedLong(canonical, 16, 32, 16);
            }
            default -> {
                // Two hashes of the text (FNV-style steps, different seeds) in one loop: two independent multiply
                // chains
                // overlap in the CPU instead of running one after the other.
                long a = SEED_HI;
                long b = SEED_LO;
                for (int i = 0; i < canonical.length(); i++) {
                    char c = canonical.charAt(i);
                    a = Long.rotateLeft((a ^ c) * 0x100000001B3L, 23) + SEED_HI;
                    b = Long.rotateLeft((b ^ c) * 0x100000001B3L, 23) + SEED_LO;
                }
                h = spread(a ^ canonical.length());
                l = spread(b ^ canonical.length());
            }
        }
        int mask = lines.length - 1;
        int i = (int) spread(h ^ Long.rotateLeft(l, 29)) & mask;
        while (lines[i] != 0) {
            if (hi[i] == h && lo[i] == l) {
                return lines[i] - 1;
            }
            i = (i + 1) & mask;
        }
        hi[i] = h;
        lo[i] = l;
        lines[i] = line + 1;
        if (++size * 4 >= lines.length * 3) {
            grow();
        }
        return -1;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        int[] oldLines = lines;
        int capacity = Math.multiplyExact(oldLines.length, 2);
        hi = new long[capacity];
        lo = new long[capacity];
        lines = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldLines.length; j++) {
            if (oldLines[j] != 0) {
                int i = (int) spread(oldHi[j] ^ Long.rotateLeft(oldLo[j], 29)) & mask;
                while (lines[i] != 0) {
                    i = (i + 1) & mask;
                }
                hi[i] = oldHi[j];
                lo[i] = oldLo[j];
                lines[i] = oldLines[j];
            }
        }
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long spread(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }
}
