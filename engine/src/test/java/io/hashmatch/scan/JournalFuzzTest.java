package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashmatch.list.FileFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the scan journal reader ({@link Journal#read}), which a resumed scan trusts to skip finished files.
 *
 * <p>Contract: a damaged journal is a {@link ScanSetupException}, a header of another or a garbled version a
 * {@link FileFormatException}, never another exception; what is read back has
 * a header and the valid prefix ends at a line end within the file; and the entries it holds, written again by
 * {@link Journal#append}, read back the same (so a resume keeps exactly what the journal said).
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/scan/JournalFuzzTestInputs/readJournal/}.
 */
class JournalFuzzTest {
    private static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("journalfuzz");
            WORK.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void readJournal(byte[] data) throws IOException {
        Path file = WORK.resolve("scan.journal");
        Path again = WORK.resolve("again.journal");
        Files.write(file, data);
        try {
            Journal.Contents c;
            try {
                c = Journal.read(file);
            } catch (ScanSetupException | FileFormatException refused) {
                return;
            }
            assertThat(c.runs()).isNotEmpty();
            assertThat(c.validBytes()).isBetween(1L, (long) data.length);
            assertThat(data[(int) c.validBytes() - 1]).isEqualTo((byte) '\n');
            try (Journal j = Journal.create(again, c.settings(), c.runs().getFirst())) {
                for (Journal.Entry e : c.entries()) {
                    j.append(e.seq(), e.records());
                }
            }
            Journal.Contents back;
            try {
                back = Journal.read(again);
            } catch (ScanSetupException e) {
                throw new AssertionError("a journal written from what was read is refused: " + e.getMessage(), e);
            }
            assertThat(back.settings()).isEqualTo(c.settings());
            assertThat(back.entries()).isEqualTo(c.entries());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(again);
        }
    }
}
