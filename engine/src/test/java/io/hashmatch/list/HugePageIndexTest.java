package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hashmatch.Seeds;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.IndexStrategy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The multi-index section searched from its copy on huge pages ({@link IndexMemory#HUGE_PAGES}). */
@ExtendWith(Seeds.Report.class)
class HugePageIndexTest {
    @TempDir
    Path dir;

    static Stream<Long> theCopyGivesTheBruteForceAnswer() {
        return Seeds.of("HugePageIndexTest.theCopyGivesTheBruteForceAnswer", 3);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void theCopyGivesTheBruteForceAnswer(long seed) throws Exception {
        Path file = dir.resolve("list.hmsnap");
        HashListSnapshotTest.sample(5000, seed).write(file);
        try (HashListSnapshot mapped = HashListSnapshot.open(file);
                HashListSnapshot copied = HashListSnapshot.open(file, IndexMemory.HUGE_PAGES, 0)) {
            assertThat(copied.index(IndexStrategy.MULTI_INDEX).size()).isEqualTo(5000);
            if (HugePageCopy.refusal(1, 0) == null) { // this machine offers huge pages: the copy must have been made
                assertThat(copied.indexPages()).startsWith("huge pages (");
            }
            Random r = new Random(seed);
            for (int q = 0; q < 60; q++) { // near an entry (1-40 bits flipped) or random
                PdqHash query;
                if (q % 3 == 2) {
                    query = PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
                } else {
                    PdqHash h = mapped.pdqHash(r.nextInt(mapped.pdqCount()));
                    long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
                    for (int f = 1 + r.nextInt(40); f > 0; f--) {
                        int bit = r.nextInt(PdqHash.BITS);
                        w[bit >>> 6] ^= 1L << (bit & 63);
                    }
                    query = PdqHash.of(w[0], w[1], w[2], w[3]);
                }
                for (int radius : new int[] {0, 8, 16, 31, 48}) {
                    assertThat(copied.index(IndexStrategy.MULTI_INDEX).search(query, radius))
                            .as("query %d at r=%d", q, radius)
                            .isEqualTo(mapped.index(IndexStrategy.BRUTE_FORCE).search(query, radius));
                }
            }
        }
    }

    @Test
    void smallSectionsAndTheDefaultStayMapped() throws Exception {
        Path file = dir.resolve("small.hmsnap");
        HashListSnapshotTest.sample(300, 5).write(file);
        try (HashListSnapshot plain = HashListSnapshot.open(file);
                HashListSnapshot small = HashListSnapshot.open(file, IndexMemory.HUGE_PAGES)) {
            assertThat(plain.indexPages()).isEqualTo("mapped");
            assertThat(small.indexPages()).startsWith("mapped (");
        }
    }

    @Test
    void aDamagedFileIsRefusedAsWithoutTheCopy() throws Exception {
        assumeThat(HugePageCopy.refusal(1, 0)).isNull();
        Path file = dir.resolve("damaged.hmsnap");
        HashListSnapshotTest.sample(2000, 9).write(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = ch.size() / 2;
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, at);
        }
        assertThatThrownBy(() -> HashListSnapshot.open(file, IndexMemory.HUGE_PAGES, 0))
                .isInstanceOf(FileFormatException.class);
    }
}
