package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Seeded synthetic hash lists and queries with the distribution the index strategies are tuned for: 80% random
 * 256-bit hashes and 20% near-duplicates of earlier entries (1-40 random bits flipped); queries half near an
 * entry (0-40 bits flipped), half random. Public only so the JMH module can use it through engine's test-jar.
 */
public final class HashListFixture {
    private HashListFixture() {}

    /** {@code count} hashes (4 longs each), 80% random, 20% near-duplicates with 1-40 bits flipped. */
    public static long[] hashList(int count, long seed) {
        return hashList(count, seed, 0.20, 0.0, 40);
    }

    /**
     * {@code count} hashes: a fraction {@code nearFraction} are an earlier entry with 1..{@code maxFlips} bits
     * flipped, a fraction {@code exactFraction} are exact copies of an earlier entry, the rest uniformly random.
     */
    public static long[] hashList(int count, long seed, double nearFraction, double exactFraction, int maxFlips) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] words = new long[4 * count];
        for (int e = 0; e < count; e++) {
            double u = random.nextDouble();
            if (e > 0 && u < exactFraction) {
                System.arraycopy(words, 4 * random.nextInt(e), words, 4 * e, 4);
            } else if (e > 0 && u < exactFraction + nearFraction) {
                System.arraycopy(words, 4 * random.nextInt(e), words, 4 * e, 4);
                flipBits(words, e, 1 + random.nextInt(maxFlips), random);
            } else {
                for (int w = 0; w < 4; w++) {
                    words[4 * e + w] = random.nextLong();
                }
            }
        }
        return words;
    }

    /** {@code queryCount} queries: even-numbered ones an entry with 0-40 bits flipped, odd-numbered ones random. */
    public static long[] queries(long[] list, int queryCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = list.length / 4;
        long[] words = new long[4 * queryCount];
        for (int q = 0; q < queryCount; q++) {
            if (q % 2 == 0 && count > 0) {
                System.arraycopy(list, 4 * random.nextInt(count), words, 4 * q, 4);
                flipBits(words, q, random.nextInt(41), random);
            } else {
                for (int w = 0; w < 4; w++) {
                    words[4 * q + w] = random.nextLong();
                }
            }
        }
        return words;
    }

    /** Flips {@code flips} distinct random bits of hash {@code h} in {@code words}. */
    static void flipBits(long[] words, int h, int flips, SplittableRandom random) {
        long[] done = new long[4];
        for (int f = 0; f < flips; ) {
            int bit = random.nextInt(256);
            long m = 1L << (bit & 63);
            if ((done[bit >>> 6] & m) == 0) {
                done[bit >>> 6] |= m;
                words[4 * h + (bit >>> 6)] ^= m;
                f++;
            }
        }
    }

    /** The flat little-endian segment of {@code words} (4 longs per hash), allocated from {@code arena}. */
    public static MemorySegment segment(long[] words, Arena arena) {
        MemorySegment s = arena.allocate(8L * words.length, 64);
        for (int i = 0; i < words.length; i++) {
            s.set(FlatHashes.LONG_LE, 8L * i, words[i]);
        }
        return s;
    }

    /** Hash {@code i} of {@code words}. */
    public static PdqHash hash(long[] words, int i) {
        return PdqHash.of(words[4 * i], words[4 * i + 1], words[4 * i + 2], words[4 * i + 3]);
    }
}
