package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked read that list deltas and the service's ledgers share. */
class DurableFilesTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheBytesAtAPositionAndCallsAShortFileCorrupt() throws Exception {
        Path file = tmp.resolve("f.bin");
        byte[] bytes = new byte[100];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(DurableFiles.read(ch, file, 10, 5))
                    .containsExactly((byte) 70, (byte) 77, (byte) 84, (byte) 91, (byte) 98);
            assertThat(DurableFiles.read(ch, file, 0, 100)).isEqualTo(bytes);
            assertThat(DurableFiles.read(ch, file, 100, 0)).isEmpty();
            assertThat(ch.position()).isZero();
            assertThatThrownBy(() -> DurableFiles.read(ch, file, 90, 11))
                    .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.kind())
                            .isEqualTo(FileFormatException.Kind.CORRUPT))
                    .hasMessage(file + ": truncated at byte 100");
        }
    }

    @Test
    void forcingAFolderIsBestEffort() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        DurableFiles.forceParent(file);
        DurableFiles.forceParent(Path.of("relative-name-only"));
        DurableFiles.forceDirectory(tmp.resolve("no-such-folder")); // cannot be opened: ignored, not thrown
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
