package io.hashmatch.disk;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StartSearch#VECTORS}: the signatures' first two bytes compared at as many offsets at once as the CPU's
 * widest vector holds (64 with AVX-512), through the JDK's vector API. Loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link StartSearch#fastest()} checks).
 *
 * <p>Each block loads the bytes at offsets {@code i}, {@code i + 1} and {@code i + 6} as three vectors and compares
 * them with constants: 17 compares and a few mask operations per block, no branch but the one taken where an
 * offset passes (on random bytes about one block in a hundred). With the offsets of the chunk's last bytes, checked
 * one by one by {@link StartSearch#VECTORS}, it finds exactly the offsets of {@link StartSearch#passes}.
 *
 * <p><b>Warm-up.</b> The loop is fast only once the JIT's C2 compiler has compiled it, with the vector operations
 * turned into machine vector instructions; before that (interpreted, then C1 code that allocates a vector per
 * operation) it is ten to a thousand times slower per byte than the word search, and a fresh JVM carving with it
 * takes a second or more to get there: most of a one-pass scan. So {@link StartSearch#WORDS_THEN_VECTORS} carves
 * with the word search until {@link #compiled()}: {@link #warmUp()} starts a thread that runs the loop over a small
 * buffer of its own (4 KiB of seeded random bytes with a start every 128 bytes: both of the loop's exits are taken,
 * and the JIT's thresholds, counted in calls and loop turns, are reached after about a megabyte) and times each pass.
 * The first pass under {@link #COMPILED_PICOS_PER_BYTE} (1 ns per byte with 64 lanes, 4 with 16: C2's code takes
 * half of that or less, C1's 15 ns or more whatever the lanes) says the loop is compiled, and the thread ends. Without C2 (e.g. {@code -XX:TieredStopAtLevel=1})
 * no pass gets there: the thread gives up after {@value #WARM_UP_SECONDS} s and the word search carves throughout.
 */
final class VectorStartSearch {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /**
     * Time per byte (ps) of a warm-up pass below which the loop counts as compiled by C2: compiled code takes time in
     * proportion to the blocks, C1's about the same per byte whatever the lanes (it loops over them).
     */
    static final long COMPILED_PICOS_PER_BYTE = 64_000 / LANES;

    /** How long the warm-up thread tries before it leaves the carving to the word search. */
    static final int WARM_UP_SECONDS = 30;

    private static final AtomicBoolean warming = new AtomicBoolean();
    private static volatile boolean compiled;

    private VectorStartSearch() {}

    /**
     * Starts the warm-up thread (see the class comment), once per JVM; returns at once. Called when a carver that
     * looks at every offset is made, so that the loop warms up while the caller prepares (a scan hashes the whole
     * file before it carves it).
     */
    static void warmUp() {
        if (!warming.get() && warming.compareAndSet(false, true)) {
            Thread t = new Thread(VectorStartSearch::runWarmUp, "hashmatch-vector-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Whether the warm-up has seen the loop run as compiled code: from then on, carve with it. */
    static boolean compiled() {
        return compiled;
    }

    private static void runWarmUp() {
        byte[] b = new byte[4 << 10];
        new SplittableRandom(16).nextBytes(b);
        for (int i = 100; i < b.length; i += 128) {
            b[i] = (byte) 0xff; // a JPEG's first two bytes
            b[i + 1] = (byte) 0xd8;
        }
        long limit = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        for (int pass = 0; System.nanoTime() < limit; pass++) {
            // the chunk's end moves, so that the search's byte-by-byte tail meets other bytes each time
            int n = b.length - (pass & 63);
            long t0 = System.nanoTime();
            for (int i = StartSearch.VECTORS.next(b, 0, n); i < n; i = StartSearch.VECTORS.next(b, i + 1, n)) {
                // the offsets themselves do not matter here, only the time the search takes
            }
            if ((System.nanoTime() - t0) * 1000 < n * COMPILED_PICOS_PER_BYTE) {
                compiled = true;
                return;
            }
        }
    }

    /** Whether the vectors are wide enough to be worth it (16 bytes or more: SSE, AVX2, AVX-512, NEON, SVE). */
    static boolean usable() {
        return LANES >= 16;
    }

    /** Bytes one block reads from its first offset: a vector, and 6 bytes on for MP4's {@code y}. */
    static final int REACH = LANES + 6;

    /**
     * The first offset of the blocks from {@code from} on that passes, or {@code -1 - i} where {@code i} is the first
     * offset not looked at (the rest of the chunk is too short for a block). At least one block: {@code from <= n -
     * REACH}. The loop has no zero-trip branch and its two exits are both taken once per chunk or more, so the JIT's
     * compiled code never meets a branch its profile said was never taken (which would send it back to the slow
     * uncompiled vector code for a while).
     */
    static int blocks(byte[] b, int from, int n) {
        int i = from;
        int last = n - REACH;
        do {
            ByteVector v0 = ByteVector.fromArray(SPECIES, b, i);
            ByteVector v1 = ByteVector.fromArray(SPECIES, b, i + 1);
            ByteVector v6 = ByteVector.fromArray(SPECIES, b, i + 6);
            VectorMask<Byte> m = v0.eq((byte) 0xff)
                    .and(v1.eq((byte) 0xd8)) // JPEG
                    .or(v0.eq((byte) 0x89).and(v1.eq((byte) 'P'))) // PNG
                    // GIF, RIFF, little-endian TIFF
                    .or(v0.eq((byte) 'G')
                            .or(v0.eq((byte) 'R'))
                            .or(v0.eq((byte) 'I'))
                            .and(v1.eq((byte) 'I')))
                    .or(v0.eq((byte) 'B').or(v0.eq((byte) 'M')).and(v1.eq((byte) 'M'))) // BMP, big-endian TIFF
                    .or(v0.eq((byte) 0x1a).and(v1.eq((byte) 0x45))) // EBML
                    .or(v0.eq((byte) 'P').and(v1.eq((byte) 'K'))) // ZIP
                    .or(v0.eq((byte) 0).and(v6.eq((byte) 'y'))); // MP4: a box size under 16 MB, then ftyp's y
            int k = m.firstTrue();
            if (k < LANES) {
                return i + k;
            }
            i += LANES;
        } while (i <= last);
        return -1 - i;
    }
}
