package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packed-key sort of {@link ExactHashTable#build} gives byte for byte the section of the original
 * comparator sort (boxed indices ordered by unsigned digest, then entry), kept here as the reference.
 */
@ExtendWith(Seeds.Report.class)
class ExactHashTableBuildTest {

    /**
     * Digests share a random-length prefix with a few bases (so runs tie on the 33-bit sort prefix, and differ
     * before, at or after bit 33), some repeat exactly (runs longer than the insertion-sort cutoff), entries
     * repeat too.
     */
    static Stream<Long> sameSectionAsComparatorSort() {
        return Seeds.of("ExactHashTableBuildTest.sameSectionAsComparatorSort", 60);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void sameSectionAsComparatorSort(long seed) {
        Gen g = new Gen(seed);
        int count = g.intIn(0, 3000);
        int kind = g.intIn(0, 2);
        int bases = g.intIn(1, 50);
        int repeatPercent = g.intIn(0, 100);
        int length = new int[] {16, 20, 32}[kind];
        SplittableRandom random = g.random();
        byte[][] base = new byte[bases][length];
        for (byte[] b : base) {
            random.nextBytes(b);
        }
        byte[][] digests = new byte[count][];
        int[] entries = new int[count];
        for (int i = 0; i < count; i++) {
            if (i > 0 && random.nextInt(100) < repeatPercent) {
                digests[i] = digests[random.nextInt(i)].clone();
            } else {
                byte[] d = base[random.nextInt(bases)].clone();
                int shared = random.nextInt(length + 1); // keep this many leading bytes of the base
                for (int k = shared; k < length; k++) {
                    d[k] = (byte) random.nextInt(256);
                }
                if (shared >= 4 && shared < length && random.nextBoolean()) {
                    d[4] ^= (byte) (1 << random.nextInt(8)); // differ at a bit near the 33-bit prefix boundary
                }
                digests[i] = d;
            }
            entries[i] = random.nextInt(Math.max(1, count / 2)) - (random.nextInt(20) == 0 ? 5 : 0);
        }
        MemorySegment built = ExactHashTable.build(digests, entries, length);
        assertThat(built.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(reference(digests, entries, length));
    }

    /** A million-fold repeated digest is one long run: merge sort, not quadratic. */
    static Stream<Long> longRunOfOneDigest() {
        return Seeds.of("ExactHashTableBuildTest.longRunOfOneDigest", 3);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void longRunOfOneDigest(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = 200_000;
        byte[] d = new byte[20];
        random.nextBytes(d);
        byte[][] digests = new byte[count][];
        int[] entries = new int[count];
        for (int i = 0; i < count; i++) {
            digests[i] = d;
            entries[i] = random.nextInt();
        }
        assertThat(ExactHashTable.build(digests, entries, 20).toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(reference(digests, entries, 20));
    }

    /** The build before issue 4, verbatim but for the output buffer. */
    private static byte[] reference(byte[][] digests, int[] entries, int digestLength) {
        Integer[] order = new Integer[digests.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Arrays.compareUnsigned(digests[a], digests[b]);
            return c != 0 ? c : Integer.compare(entries[a], entries[b]);
        });
        ByteBuffer out = ByteBuffer.allocate(order.length * (digestLength + 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (Integer i : order) {
            out.put(digests[i]).putInt(entries[i]);
        }
        return out.array();
    }
}
