package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ExactHashTable#find}'s interpolation search against the oracle of a linear scan, on uniform digests (the
 * case it is tuned for) and on skewed ones that defeat interpolation: shared prefixes, runs of one digest, the
 * extremes of the range, and queries just beside every stored digest.
 */
@ExtendWith(Seeds.Report.class)
class ExactHashTableFindTest {

    static Stream<Long> findsExactlyWhatALinearScanFinds() {
        return Seeds.of("ExactHashTableFindTest.findsExactlyWhatALinearScanFinds", 80);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void findsExactlyWhatALinearScanFinds(long seed) {
        Gen g = new Gen(seed);
        int count = g.intIn(0, 5000);
        int kind = g.intIn(0, 2);
        int shape = g.intIn(0, 3);
        int length = new int[] {16, 20, 32}[kind];
        SplittableRandom random = g.random();
        byte[][] digests = new byte[count][];
        int[] entries = new int[count];
        for (int i = 0; i < count; i++) {
            digests[i] = digest(random, length, shape, i > 0 ? digests[random.nextInt(i)] : null);
            entries[i] = i;
        }
        MemorySegment section = ExactHashTable.build(digests, entries, length);
        ExactHashTable table = new ExactHashTable(section, length);

        List<byte[]> queries = new ArrayList<>();
        for (int q = 0; q < 300; q++) {
            byte[] d = count > 0 && random.nextBoolean() ? digests[random.nextInt(count)].clone() : new byte[length];
            if (count == 0 || random.nextInt(3) == 0) {
                random.nextBytes(d);
            } else if (random.nextBoolean()) {
                int at = random.nextInt(length); // beside a stored digest: same prefix up to a byte
                d[at] += (byte) (random.nextBoolean() ? 1 : -1);
            }
            queries.add(d);
        }
        queries.add(new byte[length]);
        byte[] ones = new byte[length];
        Arrays.fill(ones, (byte) 0xFF);
        queries.add(ones);
        for (byte[] q : queries) {
            assertThat(table.find(q))
                    .as("query %s", java.util.HexFormat.of().formatHex(q))
                    .isEqualTo(linearScan(digests, entries, q));
        }
        assertThat(table.find(new byte[length + 1])).isEmpty();
    }

    /**
     * Shape 0: uniform. 1: a few shared prefixes of random length. 2: every digest starts with the same 8 bytes
     * (interpolation learns nothing). 3: half of them repeat an earlier digest, the rest hug 0x00.. and 0xFF...
     */
    private static byte[] digest(SplittableRandom random, int length, int shape, byte[] earlier) {
        byte[] d = new byte[length];
        random.nextBytes(d);
        switch (shape) {
            case 1 -> {
                int shared = random.nextInt(length + 1);
                byte base = (byte) random.nextInt(4);
                for (int k = 0; k < shared; k++) {
                    d[k] = base;
                }
            }
            case 2 -> Arrays.fill(d, 0, 8, (byte) 0x5A);
            case 3 -> {
                if (earlier != null && random.nextBoolean()) {
                    return earlier.clone();
                }
                Arrays.fill(d, 0, 6, random.nextBoolean() ? (byte) 0 : (byte) 0xFF);
            }
            default -> {}
        }
        return d;
    }

    private static int[] linearScan(byte[][] digests, int[] entries, byte[] query) {
        return java.util.stream.IntStream.range(0, digests.length)
                .filter(i -> Arrays.equals(digests[i], query))
                .map(i -> entries[i])
                .sorted()
                .toArray();
    }
}
