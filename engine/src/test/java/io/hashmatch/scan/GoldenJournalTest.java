package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The golden scan journal of version 1, {@code journals/journal-v1.jsonl}: a journal written by the version-1
 * writer (a header, two files, a resume, one more file), committed so that every later reader is checked against
 * what version 1 really wrote: it must read back exactly these settings, runs and records.
 *
 * <p>Regenerate with {@code -Dhashmatch.regenerate=true} (from the engine folder:
 * {@code ../mvnw -Dtest=GoldenJournalTest -Dhashmatch.regenerate=true test}) only when a new journal version is
 * introduced on purpose, and then keep this file as {@code journal-v1.jsonl} and add the new version beside it.
 */
class GoldenJournalTest {
    static final Path GOLDEN = Path.of("src/test/resources/journals/journal-v1.jsonl");
    static final String SETTINGS = "mode=FULL_RESOLUTION;fast=false;golden";
    static final Instant STARTED = Instant.parse("2026-11-29T08:00:00Z");
    static final Instant RESUMED = Instant.parse("2026-11-29T08:10:00Z");

    static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    static final ScannedFile IMAGE = new ScannedFile(
            "/evidence/a.jpg",
            null,
            1234,
            "00000000000000000000000000000001",
            "0000000000000000000000000000000000000002",
            "0000000000000000000000000000000000000000000000000000000000000003",
            MediaKind.IMAGE,
            "jpeg",
            PDQ,
            100,
            640,
            480,
            null,
            null,
            List.of(),
            null,
            null,
            List.of());
    static final ScannedFile ARCHIVE = new ScannedFile(
            "/evidence/b.zip",
            null,
            99,
            "00000000000000000000000000000004",
            "0000000000000000000000000000000000000005",
            "0000000000000000000000000000000000000000000000000000000000000006",
            MediaKind.ARCHIVE,
            "zip",
            null,
            -1,
            0,
            0,
            null,
            null,
            List.of(),
            null,
            null,
            List.of());
    static final ScannedFile TRUNCATED_ENTRY = new ScannedFile(
            "/evidence/b.zip",
            "c.png",
            10,
            "00000000000000000000000000000007",
            "0000000000000000000000000000000000000008",
            "0000000000000000000000000000000000000000000000000000000000000009",
            MediaKind.IMAGE,
            "png",
            null,
            -1,
            0,
            0,
            "truncated",
            "PNG data ends early",
            List.of(),
            null,
            null,
            List.of());
    static final ScannedFile UNREADABLE =
            ScannedFile.unreadable("/evidence/d.bin", null, ScanError.IO_ERROR, "cannot read: permission denied");

    /** Writes the golden journal's contents to {@code file} (which must not exist) with this build's writer. */
    static void write(Path file) throws Exception {
        try (Journal j = Journal.create(file, SETTINGS, STARTED)) {
            j.append(0, List.of(IMAGE));
            j.append(1, List.of(ARCHIVE, TRUNCATED_ENTRY));
        }
        Journal.Contents before = Journal.read(file);
        try (Journal j = Journal.resume(file, before, RESUMED)) {
            j.append(2, List.of(UNREADABLE));
        }
    }

    @Test
    void theVersion1JournalReadsBackExactly() throws Exception {
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            Files.deleteIfExists(GOLDEN);
            write(GOLDEN);
        }
        assertThat(Files.readAllLines(GOLDEN).getFirst()).startsWith("{\"journal\":\"hashmatch-scan\",\"version\":1,");
        Journal.Contents c = Journal.read(GOLDEN);
        assertThat(c.settings()).isEqualTo(SETTINGS);
        assertThat(c.runs()).containsExactly(STARTED, RESUMED);
        assertThat(c.validBytes()).isEqualTo(Files.size(GOLDEN));
        assertThat(c.entries())
                .containsExactly(
                        new Journal.Entry(0, List.of(IMAGE)),
                        new Journal.Entry(1, List.of(ARCHIVE, TRUNCATED_ENTRY)),
                        new Journal.Entry(2, List.of(UNREADABLE)));
    }
}
