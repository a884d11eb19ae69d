package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.FileFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal whose header carries another version, or a garbled one, is a {@link FileFormatException}. */
class JournalVersionTest {
    @TempDir
    Path dir;

    /** The golden version-1 journal with its header's {@code "version":1} replaced by {@code version}. */
    private Path withVersion(String version) throws Exception {
        String golden = Files.readString(GoldenJournalTest.GOLDEN);
        String marker = "\"version\":1,";
        assertThat(golden).contains(marker);
        Path file = dir.resolve("journal-" + version.hashCode() + ".jsonl");
        Files.writeString(file, golden.replaceFirst(marker, version.isEmpty() ? "" : "\"version\":" + version + ","));
        return file;
    }

    private static FileFormatException refused(Path file) {
        return org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> Journal.read(file));
    }

    @Test
    void newerVersionIsTooNew() throws Exception {
        Path file = withVersion("3");
        FileFormatException e = refused(file);
        assertThat(e.kind()).isEqualTo(FileFormatException.Kind.TOO_NEW);
        assertThat(e.foundVersion()).hasValue(3);
        assertThat(e.minVersion()).hasValue(1);
        assertThat(e.maxVersion()).hasValue(2);
        assertThat(e.file()).isEqualTo(file);
        assertThat(e)
                .hasMessage(file + ": line 1: journal format version 3 is too new: this hashmatch reads versions 1 to"
                        + " 2 (written by a newer hashmatch)");
    }

    @Test
    void olderVersionIsTooOld() throws Exception {
        Path file = withVersion("0");
        FileFormatException e = refused(file);
        assertThat(e.kind()).isEqualTo(FileFormatException.Kind.TOO_OLD);
        assertThat(e.foundVersion()).hasValue(0);
        assertThat(e)
                .hasMessage(file + ": line 1: journal format version 0 is too old: this hashmatch reads versions"
                        + " 1 to 2");
    }

    @Test
    void garbledOrMissingVersionIsCorrupt() throws Exception {
        Path text = withVersion("\"one\"");
        assertThat(refused(text).kind()).isEqualTo(FileFormatException.Kind.CORRUPT);
        assertThat(refused(text)).hasMessage(text + ": line 1: journal version is not a whole number: one");
        assertThat(refused(text).foundVersion()).isEmpty();

        Path fraction = withVersion("1.5");
        assertThat(refused(fraction)).hasMessage(fraction + ": line 1: journal version is not a whole number: 1.5");

        Path missing = withVersion("");
        assertThat(refused(missing).kind()).isEqualTo(FileFormatException.Kind.CORRUPT);
        assertThat(refused(missing)).hasMessage(missing + ": line 1: journal header has no version");
    }

    @Test
    void notAJournalAtAllStaysASetupError() throws Exception {
        Path file = dir.resolve("other.jsonl");
        Files.writeString(file, "{\"hello\":1}\n");
        assertThatThrownBy(() -> Journal.read(file))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("is not a hashmatch scan journal");
    }
}
