package io.hashmatch.disk;

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
 */
final class VectorStartSearch {
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorStartSearch() {}

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
