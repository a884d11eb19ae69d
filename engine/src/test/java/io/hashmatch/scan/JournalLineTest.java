package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
                        "{\"journal\":\"hashmatch-scan\",\"version\":1,\"settings\":\"settings \\\"v\\\"\","
                                + "\"started\":\"2026-11-29T08:00:00Z\"}",
                        "{\"seq\":7,\"records\":[" + unreadable.toJson(0, true) + "," + image.toJson(0, true) + "]}");
        assertThat(Journal.read(file).entries()).containsExactly(new Journal.Entry(7, List.of(unreadable, image)));
    }
}
