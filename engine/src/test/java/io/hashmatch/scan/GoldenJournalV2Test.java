package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The golden scan journal of version 2, {@code journals/journal-v2.jsonl}: a journal written by the version-2 writer
 * (a file, a disk image scanned to its end in two units, a resume, then two units of another image whose scan was
 * killed before its end), committed so that every later reader is checked against what version 2 really wrote: it
 * must read back exactly these settings, runs and records, and give a resumed scan the units the killed image had
 * done. The records carry what version 2 added beside the unit lines: where a file lay in the image.
 *
 * <p>Regenerate with {@code -Dhashmatch.regenerate=true} (from the engine folder:
 * {@code ../mvnw -Dtest=GoldenJournalV2Test -Dhashmatch.regenerate=true test}) only while version 2 is the version
 * written; once a later version is introduced, keep this file as it is and add the new version beside it.
 */
class GoldenJournalV2Test {
    static final Path GOLDEN = Path.of("src/test/resources/journals/journal-v2.jsonl");
    static final String CARD = "/evidence/card.raw";
    static final String STICK = "/evidence/stick.raw";

    static ScannedFile inImage(String image, String entry, long size, int n, DiskOrigin origin) {
        String hex = Integer.toHexString(n);
        return new ScannedFile(
                        image,
                        entry,
                        size,
                        "0".repeat(32 - hex.length()) + hex,
                        "0".repeat(40 - hex.length()) + hex,
                        "0".repeat(64 - hex.length()) + hex,
                        MediaKind.IMAGE,
                        "jpeg",
                        GoldenJournalTest.PDQ,
                        90,
                        64,
                        48,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        List.of())
                .withOrigin(origin);
    }

    static final ScannedFile CARD_ITSELF = new ScannedFile(
            CARD,
            null,
            1 << 20,
            "000000000000000000000000000000a1",
            "00000000000000000000000000000000000000a2",
            "00000000000000000000000000000000000000000000000000000000000000a3",
            MediaKind.OTHER,
            null,
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
    static final ScannedFile CARD_DELETED = inImage(
            CARD,
            "p1/DCIM/IMG_0001.JPG",
            4321,
            0xb1,
            new DiskOrigin(
                    DiskOrigin.Allocation.DELETED,
                    "p1",
                    1_048_576 + 8192,
                    Instant.parse("2026-11-01T10:00:00Z"),
                    Instant.parse("2026-11-02T11:00:00Z"),
                    Instant.parse("2026-11-03T00:00:00Z"),
                    null));
    static final ScannedFile CARD_CARVED =
            inImage(CARD, "unallocated@0x1f400+48213", 48213, 0xb2, DiskOrigin.carved("p1", 0x1f400));
    static final ScannedFile STICK_FILE = inImage(
            STICK,
            "DCIM/a.jpg",
            777,
            0xc1,
            new DiskOrigin(
                    DiskOrigin.Allocation.ALLOCATED,
                    null,
                    65536,
                    null,
                    Instant.parse("2026-10-05T09:30:00Z"),
                    null,
                    Instant.parse("2026-10-05T09:31:00Z")));

    /** Writes the golden journal's contents to {@code file} (which must not exist) with this build's writer. */
    static void write(Path file) throws Exception {
        try (Journal j = Journal.create(file, GoldenJournalTest.SETTINGS, GoldenJournalTest.STARTED)) {
            j.append(0, List.of(GoldenJournalTest.IMAGE));
            j.appendUnit(CARD, 0, List.of(CARD_DELETED));
            j.appendUnit(CARD, 1, List.of(CARD_CARVED));
            j.append(1, List.of(CARD_ITSELF, CARD_DELETED, CARD_CARVED));
        }
        Journal.Contents before = Journal.read(file);
        try (Journal j = Journal.resume(file, before, GoldenJournalTest.RESUMED)) {
            j.appendUnit(STICK, 0, List.of(STICK_FILE));
            j.appendUnit(STICK, 2, List.of()); // nothing carved in this range
        }
    }

    @Test
    void theVersion2JournalReadsBackExactlyWithTheKilledImagesUnits() throws Exception {
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            Files.deleteIfExists(GOLDEN);
            write(GOLDEN);
        }
        List<String> lines = Files.readAllLines(GOLDEN);
        assertThat(lines.getFirst()).startsWith("{\"journal\":\"hashmatch-scan\",\"version\":2,");
        assertThat(lines).filteredOn(l -> l.startsWith("{\"image\":")).hasSize(4);
        Journal.Contents c = Journal.read(GOLDEN);
        assertThat(c.settings()).isEqualTo(GoldenJournalTest.SETTINGS);
        assertThat(c.runs()).containsExactly(GoldenJournalTest.STARTED, GoldenJournalTest.RESUMED);
        assertThat(c.validBytes()).isEqualTo(Files.size(GOLDEN));
        assertThat(c.entries())
                .containsExactly(
                        new Journal.Entry(0, List.of(GoldenJournalTest.IMAGE)),
                        new Journal.Entry(1, List.of(CARD_ITSELF, CARD_DELETED, CARD_CARVED)));
        // the card's units went with its seq line; the stick's are what a resume does not do again
        assertThat(c.imageUnits()).isEqualTo(Map.of(STICK, Map.of(0, List.of(STICK_FILE), 2, List.of())));
        assertThat(c.finishedPaths()).containsExactlyInAnyOrder("/evidence/a.jpg", CARD);
    }
}
