package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.FileFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's frames on disk: a torn last frame (cut anywhere, or zeros where it should be) is cut off and the
 * committed ones stay; damage with frames after it is refused, never dropped. Seeded MD5s ({@link #SEED}).
 */
class SyncLedgerFileTest {
    private static final long SEED = 20261207L;

    @TempDir
    Path dir;

    /** A ledger of a state frame and three commits; the file's size after each frame into {@code ends}. */
    private Path ledger(List<Long> ends) throws Exception {
        Random random = new Random(SEED);
        Path path = dir.resolve("src.ledger");
        try (SyncLedger l = SyncLedger.open(path, "L")) {
            ends.add(Files.size(path));
            for (int i = 0; i < 3; i++) {
                EntryKey key = new EntryKey(null, SyncFixture.randomMd5(random));
                l.commit(
                        "cp" + i,
                        List.of(new SyncLedger.Add("e" + i, new SyncLedger.Item(key, "csam", null, null))),
                        Map.of(key, 0),
                        0);
                ends.add(Files.size(path));
            }
        }
        return path;
    }

    private static @Nullable String checkpoint(Path path) throws Exception {
        try (SyncLedger l = SyncLedger.open(path, "L")) {
            return l.checkpoint();
        }
    }

    @Test
    void aTornLastFrameIsCutOffAndTheCommittedOnesStay() throws Exception {
        List<Long> ends = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(ledger(ends));
        Path torn = dir.resolve("torn.ledger");
        for (long cut = ends.getFirst(); cut <= bytes.length; cut++) {
            Files.write(torn, Arrays.copyOf(bytes, (int) cut));
            int commits = 0;
            while (commits + 1 < ends.size() && ends.get(commits + 1) <= cut) {
                commits++;
            }
            assertThat(checkpoint(torn)).as("cut at %d", cut).isEqualTo(commits == 0 ? null : "cp" + (commits - 1));
            assertThat(Files.size(torn)).as("cut at %d", cut).isEqualTo(ends.get(commits));
        }
        // zeros where a frame should be (the file grew but its bytes never arrived): torn as well
        Files.write(torn, Arrays.copyOf(bytes, bytes.length + 100));
        assertThat(checkpoint(torn)).isEqualTo("cp2");
        assertThat(Files.size(torn)).isEqualTo(bytes.length);
    }

    @Test
    void damageWithFramesAfterItIsRefused() throws Exception {
        List<Long> ends = new ArrayList<>();
        Path path = ledger(ends);
        byte[] bytes = Files.readAllBytes(path);
        int second = (int) (long) ends.get(1); // the second commit's frame
        byte[] flipped = bytes.clone();
        flipped[second + 6] ^= 1;
        Files.write(path, flipped);
        assertThatThrownBy(() -> checkpoint(path))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(path + ": frame at byte " + second + ": checksum mismatch with more bytes after it");
        byte[] negative = bytes.clone();
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putInt(second, -5);
        Files.write(path, negative);
        assertThatThrownBy(() -> checkpoint(path))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(path + ": bad frame header at byte " + second);
        assertThat(Files.readAllBytes(path)).as("nothing cut").isEqualTo(negative);
    }
}
