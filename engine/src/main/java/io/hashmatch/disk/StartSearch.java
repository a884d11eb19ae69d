package io.hashmatch.disk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Where in a chunk an object may start: the offsets the carver hands to its structure walks. Both searches return a
 * superset of the offsets where a walk accepts an object, so the carver reports the same objects with either; they
 * differ only in how many offsets they let through and how fast they skip the rest.
 *
 * <p>{@link #PAIRS} looks at every offset through a table of the first two bytes (on random bytes about 1 offset in
 * 200 passes: MP4's first byte is part of a box size, so every 0x00 does). {@link #WORDS} tests eight offsets at a
 * time in a {@code long}: an offset passes when its second byte is one that a signature has there, or when it holds
 * 0x00 and the {@code y} of {@code ftyp} six bytes on (MP4); the few offsets that pass are then checked against the
 * pair table. On random bytes about one word in six has such a byte, so most words cost a few arithmetic operations
 * and one predictable branch. {@link #VECTORS} compares 16 to 64 offsets at a time with the JDK's vector API
 * ({@link VectorStartSearch}); the carver uses it, by way of {@link #WORDS_THEN_VECTORS} once the JIT has compiled
 * it, when the JVM has that module ({@link #fastest()}).
 *
 * <p>{@link #WORDS} and {@link #VECTORS} return exactly the offsets of {@link #passes}: the pair table's, less the
 * 0x00s without MP4's {@code y} six bytes on.
 */
enum StartSearch {
    /** The pair table at every offset: the reference the word search is tested against. */
    PAIRS {
        @Override
        int next(byte[] b, int from, int n) {
            for (int i = from; i < n; i++) {
                if (pairAt(b, i, n)) {
                    return i;
                }
            }
            return n;
        }
    },
    /** Eight offsets at a time (SWAR), the pair table only where a word holds a possible second byte. */
    WORDS {
        @Override
        int next(byte[] b, int from, int n) {
            int i = from;
            // a word's lanes read up to 6 + 7 bytes on: past that, offset by offset
            for (int last = n - 14; i <= last; i += 8) {
                long w0 = (long) LONG.get(b, i);
                long w1 = (long) LONG.get(b, i + 1);
                long w6 = (long) LONG.get(b, i + 6);
                long m = zeroLanes(w1 ^ D8)
                        | zeroLanes(w1 ^ P)
                        | zeroLanes(w1 ^ I)
                        | zeroLanes(w1 ^ M)
                        | zeroLanes(w1 ^ K)
                        | zeroLanes(w1 ^ E)
                        | (zeroLanes(w0) & zeroLanes(w6 ^ Y));
                m &= HIGH;
                while (m != 0) {
                    int p = i + (Long.numberOfTrailingZeros(m) >>> 3);
                    if (START[(b[p] & 0xff) << 8 | (b[p + 1] & 0xff)] && (b[p] != 0 || b[p + 6] == 'y')) {
                        return p;
                    }
                    m &= m - 1;
                }
            }
            for (; i < n; i++) {
                if (passes(b, i, n)) {
                    return i;
                }
            }
            return n;
        }
    },
    /**
     * A vector of offsets at a time (jdk.incubator.vector): only when the JVM runs with {@code --add-modules
     * jdk.incubator.vector}, else it throws {@link NoClassDefFoundError}.
     */
    VECTORS {
        @Override
        int next(byte[] b, int from, int n) {
            int i = from;
            if (i <= n - VectorStartSearch.REACH) {
                int r = VectorStartSearch.blocks(b, i, n);
                if (r >= 0) {
                    return r;
                }
                i = -1 - r;
            }
            for (; i < n; i++) {
                if (passes(b, i, n)) {
                    return i;
                }
            }
            return n;
        }
    },
    /**
     * {@link #WORDS} until the vector loop runs compiled ({@link VectorStartSearch#compiled()}, after its warm-up),
     * then {@link #VECTORS}: decided at each call, so a chunk may change over midway (both return the same offsets).
     * Until the JIT has compiled it, the vector loop is many times slower than the word search, and a one-pass scan
     * would spend its first second or more there (see {@link VectorStartSearch}).
     */
    WORDS_THEN_VECTORS {
        @Override
        int next(byte[] b, int from, int n) {
            return VectorStartSearch.compiled() ? VECTORS.next(b, from, n) : WORDS.next(b, from, n);
        }
    };

    private static final StartSearch FASTEST =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorStartSearch.usable()
                    ? WORDS_THEN_VECTORS
                    : WORDS;

    /**
     * {@link #WORDS_THEN_VECTORS} when the JVM runs with {@code --add-modules jdk.incubator.vector} (as {@code
     * ./hashmatch scan} and the tests do) on a CPU with vectors of 16 bytes or more, else {@link #WORDS}: the same
     * offsets either way. Starts the vector loop's warm-up when it returns the former.
     */
    static StartSearch fastest() {
        if (FASTEST == WORDS_THEN_VECTORS) {
            VectorStartSearch.warmUp();
        }
        return FASTEST;
    }

    /**
     * The first offset in {@code [from, n)} of {@code b} (a chunk of {@code n} bytes) where an object may start, or
     * {@code n}. An offset passes at least when its first two bytes can start an object; the chunk's last byte, whose
     * second byte is in the next chunk, when its first byte can.
     */
    abstract int next(byte[] b, int from, int n);

    /**
     * First two bytes that may start an object, indexed by {@code b0 << 8 | b1}. Every pair {@link Carver#at} can
     * accept is here: MP4's box size is any 4 bytes, so 0x00 takes any second byte (a box size under 16 MB).
     */
    private static final boolean[] START = new boolean[1 << 16];
    /** First bytes of the pairs of {@link #START}. */
    private static final boolean[] FIRST = new boolean[256];

    static {
        int[][] pairs = {
            {0xff, 0xd8}, // JPEG
            {0x89, 'P'}, // PNG
            {'G', 'I'}, // GIF
            {'B', 'M'}, // BMP
            {'R', 'I'}, // RIFF: WebP, AVI
            {0x1a, 0x45}, // EBML: WebM, Matroska
            {'P', 'K'}, // ZIP
            {'I', 'I'}, // TIFF, little-endian
            {'M', 'M'} // TIFF, big-endian
        };
        for (int[] pair : pairs) {
            START[pair[0] << 8 | pair[1]] = true;
        }
        for (int b1 = 0; b1 < 256; b1++) {
            START[b1] = true; // 0x00, then any byte (MP4)
        }
        for (int pair = 0; pair < START.length; pair++) {
            FIRST[pair >>> 8] |= START[pair];
        }
    }

    /** Whether offset {@code i} of a chunk of {@code n} bytes passes the pair table (alone, as {@link #PAIRS}). */
    static boolean pairAt(byte[] b, int i, int n) {
        int b0 = b[i] & 0xff;
        return i + 1 < n ? START[b0 << 8 | (b[i + 1] & 0xff)] : FIRST[b0];
    }

    /**
     * Whether offset {@code i} of a chunk of {@code n} bytes passes {@link #WORDS} and {@link #VECTORS}: the pair
     * table, and for 0x00 (MP4) also {@code y} six bytes on where that byte is in the chunk.
     */
    static boolean passes(byte[] b, int i, int n) {
        return pairAt(b, i, n) && (b[i] != 0 || i + 6 >= n || b[i + 6] == 'y');
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long LOW = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    // the second bytes of the pairs of START (but 0x00's), and MP4's y, in every lane
    private static final long D8 = 0xd8d8d8d8d8d8d8d8L;
    private static final long P = 'P' * LOW;
    private static final long I = 'I' * LOW;
    private static final long M = 'M' * LOW;
    private static final long K = 'K' * LOW;
    private static final long E = 0x45 * LOW;
    private static final long Y = 'y' * LOW;

    /**
     * Bit 7 set (among others, before masking with {@link #HIGH}) in every lane of {@code x} that is zero; also in
     * some lanes above a zero lane (the borrow), never in none: a superset, checked afterwards byte by byte.
     */
    private static long zeroLanes(long x) {
        return (x - LOW) & ~x;
    }
}
