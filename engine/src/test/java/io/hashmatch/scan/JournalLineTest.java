package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal's file line is exactly the documented concatenation, so journals written before stay readable. */
class JournalLineTest {
    @TempDir
    Path dir;

    @Test
    void fileLineIsTheRecordsJsonInOneArray() throws Exception {
        ScannedFile unreadable = ScannedFile.unreadable(
                "dir/\"quoted\"\n\u00e9\ud83d\ude00\u0001.jpg",
                "inner.tar!/a\\b",
                ScanError.IO_ERROR,
                "cannot read: tab\there");
        ScannedFile image = new ScannedFile(
                "b.png",
                null,
                12,
                "0".repeat(32),
                "1".repeat(40),
                "2".repeat(64),
                MediaKind.IMAGE,
                "png",
                "f".repeat(64),
                100,
                8,
                9,
                null,
                null,
                List.of(),
                "data:image/png;base64,AAAA",
                null,
                List.of());
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.create(file, "settings \"v\"", Instant.parse("2026-11-29T08:00:00Z"))) {
            j.append(7, List.of(unreadable, image));
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines)
                .containsExactly(
                        "{\"journal\":\"hashmatch-scan\",\"version\":2,\"settings\":\"settings \\\"v\\\"\","
                                + "\"started\":\"2026-11-29T08:00:00Z\"}",
                        "{\"seq\":7,\"records\":[" + unreadable.toJson(0, true) + "," + image.toJson(0, true) + "]}");
        assertThat(Journal.read(file).entries()).containsExactly(new Journal.Entry(7, List.of(unreadable, image)));
    }

    /**
     * A disk image's unit line holds its records (none when nothing was carved); the units of an image are read back
     * until the image's own line is journaled, and dropped after it.
     */
    @Test
    void imageUnitLinesAreReadBackUntilTheImageIsDone() throws Exception {
        ScannedFile inImage = ScannedFile.unreadable("card.raw", "p1/A.JPG", ScanError.IO_ERROR, "cannot read: gone");
        Path file = dir.resolve("units.jsonl");
        try (Journal j = Journal.create(file, "s", Instant.parse("2026-11-29T08:00:00Z"))) {
            j.appendUnit("card.raw", 3, List.of(inImage));
            j.appendUnit("card.raw", 4, List.of());
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(
                        "{\"image\":\"card.raw\",\"unit\":3,\"records\":[" + inImage.toJson(0, true) + "]}",
                        "{\"image\":\"card.raw\",\"unit\":4,\"records\":[]}");
        Journal.Contents cut = Journal.read(file);
        assertThat(cut.entries()).isEmpty();
        assertThat(cut.imageUnits()).isEqualTo(Map.of("card.raw", Map.of(3, List.of(inImage), 4, List.of())));

        ScannedFile image = ScannedFile.unreadable("card.raw", null, ScanError.IO_ERROR, "cannot read: gone");
        try (Journal j = Journal.resume(file, cut, Instant.parse("2026-11-29T08:10:00Z"))) {
            j.append(0, List.of(image, inImage));
        }
        Journal.Contents done = Journal.read(file);
        assertThat(done.imageUnits()).isEmpty();
        assertThat(done.entries()).containsExactly(new Journal.Entry(0, List.of(image, inImage)));
    }
}
