package io.hashmatch.hash;

import java.util.Locale;

/**
 * A 256-bit PDQ hash: immutable, four {@code long}s, no per-bit objects; safe to share between threads.
 *
 * <p><b>Bit layout.</b> Bit {@code k = i * 16 + j} (DCT row {@code i}, column {@code j}) is bit
 * {@code k & 63} of word {@code k >>> 6}: {@link #w0()} holds DCT rows 0-3, {@link #w3()} rows 12-15.
 * This is the reference's layout of sixteen 16-bit words (bit {@code k} in word {@code k >> 4} at
 * position {@code k & 15}) packed four to a {@code long}, so 16-bit word {@code n} is bits
 * {@code 16 * (n & 3)} .. of long {@code n >> 2}.
 *
 * <p><b>Hex form</b> (the reference's): word 15 first, word 0 last, four lowercase hex digits each, 64
 * characters in all. Hex characters 0-3 are DCT row 15; characters 60-63 are DCT row 0.
 */
public final class PdqHash {
    /** Number of bits in a PDQ hash. */
    public static final int BITS = 256;
    /** Length of the hex form. */
    public static final int HEX_LENGTH = 64;
    /** The all-zero hash, which the reference returns for images under 5 pixels on a side and flat images. */
    public static final PdqHash ZERO = new PdqHash(0, 0, 0, 0);

    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private PdqHash(long w0, long w1, long w2, long w3) {
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /** The hash whose bits 0-63 are {@code w0}, ..., bits 192-255 are {@code w3}. */
    public static PdqHash of(long w0, long w1, long w2, long w3) {
        return new PdqHash(w0, w1, w2, w3);
    }

    /**
     * Parses the reference's 64-digit hex form (either case).
     *
     * @throws IllegalArgumentException if {@code hex} is not exactly 64 hex digits
     */
    public static PdqHash fromHex(CharSequence hex) {
        if (hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("a PDQ hash is 64 hex digits, got " + hex.length() + " characters");
        }
        long[] w = new long[4];
        // Hex digit c (0-based from the left) belongs to 16-bit word 15 - c/4, as nibble 3 - c%4 of it.
        for (int c = 0; c < HEX_LENGTH; c++) {
            int nibble = Character.digit(hex.charAt(c), 16);
            if (nibble < 0) {
                throw new IllegalArgumentException("not a hex digit at position " + c + ": '" + hex.charAt(c) + "'");
            }
            int word16 = 15 - (c >> 2);
            int bit = (word16 << 4) + ((3 - (c & 3)) << 2);
            w[bit >>> 6] |= (long) nibble << (bit & 63);
        }
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    /** Bits 0-63 (DCT rows 0-3). */
    public long w0() {
        return w0;
    }

    /** Bits 64-127 (DCT rows 4-7). */
    public long w1() {
        return w1;
    }

    /** Bits 128-191 (DCT rows 8-11). */
    public long w2() {
        return w2;
    }

    /** Bits 192-255 (DCT rows 12-15). */
    public long w3() {
        return w3;
    }

    /** Word {@code i} (0-3) of the four 64-bit words. */
    public long word(int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> throw new IndexOutOfBoundsException("word index " + i);
        };
    }

    /** Bit {@code k} (0-255), {@code k = row * 16 + column} of the DCT. */
    boolean bit(int k) {
        if (k < 0 || k >= BITS) {
            throw new IndexOutOfBoundsException("bit index " + k);
        }
        return (word(k >>> 6) >>> (k & 63) & 1L) != 0;
    }

    /** Number of one bits. */
    public int bitCount() {
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    /** Hamming distance (0-256): the number of bits that differ. */
    public int distance(PdqHash other) {
        return Long.bitCount(w0 ^ other.w0)
                + Long.bitCount(w1 ^ other.w1)
                + Long.bitCount(w2 ^ other.w2)
                + Long.bitCount(w3 ^ other.w3);
    }

    /**
     * Checks a bound on {@link #distance} (a search radius, a hit threshold) against the range distances take:
     * {@code 0..}{@value #BITS}. Every such bound in hashmatch is checked here, so all reject the same values
     * with the same message.
     *
     * @param name what the bound is called where it was given, for the message (e.g. {@code "maxDistance"})
     * @return {@code distance}
     * @throws IllegalArgumentException if {@code distance} is outside 0..256
     */
    public static int checkDistance(String name, int distance) {
        if (distance < 0 || distance > BITS) {
            throw new IllegalArgumentException(name + " must be 0.." + BITS + ", got " + distance);
        }
        return distance;
    }

    /** The reference's hex form: 64 lowercase hex digits, 16-bit word 15 first. */
    public String toHex() {
        char[] out = new char[HEX_LENGTH];
        for (int c = 0; c < HEX_LENGTH; c++) {
            int word16 = 15 - (c >> 2);
            int bit = (word16 << 4) + ((3 - (c & 3)) << 2);
            int nibble = (int) (word(bit >>> 6) >>> (bit & 63)) & 0xF;
            out[c] = Character.forDigit(nibble, 16);
        }
        return new String(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdqHash h && h.w0 == w0 && h.w1 == w1 && h.w2 == w2 && h.w3 == w3;
    }

    @Override
    public int hashCode() {
        long x = w0 * 31 + w1;
        x = x * 31 + w2;
        x = x * 31 + w3;
        return Long.hashCode(x);
    }

    @Override
    public String toString() {
        return toHex().toLowerCase(Locale.ROOT);
    }
}
