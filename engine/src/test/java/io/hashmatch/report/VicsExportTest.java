package io.hashmatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListReader;
import io.hashmatch.list.format.ReadOptions;
import io.hashmatch.list.format.StrictJson;
import io.hashmatch.list.format.VicsMediaFile;
import io.hashmatch.list.format.VicsVersion;
import io.hashmatch.match.MatchHit;
import io.hashmatch.scan.DiskOrigin;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScanResult;
import io.hashmatch.scan.ScannedFile;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code hits.vics.json}: the exact bytes (a golden file), the shape the Project VIC readers of forensic suites
 * demand, and a round trip through hashmatch's own reader.
 */
class VicsExportTest {
    private static final String GOLDEN = "/io/hashmatch/report/hits.vics.golden.json";

    @TempDir
    Path tmp;

    /** Three records: two copies of one matched image (a TE list, POSITIVE_CLASS), one MD5 hit without category. */
    static ScanResult result() {
        MatchHit positive =
                new MatchHit("demo-golden", 3, 0, HashKind.PDQ, "POSITIVE_CLASS", "hashmatch demo", false, false);
        MatchHit vics = new MatchHit("vic list", 7, 0, HashKind.MD5, "2", "vics.json", false, false);
        MatchHit bare = new MatchHit("md5 list", 1, 0, HashKind.MD5, null, "md5.txt", false, false);
        List<ScannedFile> records = new ArrayList<>();
        records.add(image(
                "/ev/DCIM/IMG_0001.JPG",
                null,
                "00",
                "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78",
                List.of(positive)));
        records.add(image("/ev/other.png", null, "11", null, List.of()));
        records.add(image(
                "/ev/backup.zip",
                "copy/IMG_0001.JPG",
                "00",
                "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78",
                List.of(positive)));
        // a deleted file out of a disk image: its times, deletion and offset travel in MediaFiles
        records.add(image("card.E01!/p1/DCIM/x.bin", null, "22", null, List.of(vics))
                .withOrigin(new DiskOrigin(
                        DiskOrigin.Allocation.DELETED,
                        "p1",
                        0x1f400,
                        Instant.parse("2026-10-01T08:00:00Z"),
                        Instant.parse("2026-10-02T09:14:00.5Z"),
                        Instant.parse("2026-10-03T00:00:00Z"),
                        null)));
        records.add(image("/ev/notes.txt", null, "33", null, List.of(bare)));
        return new ScanResult(records, List.of(Instant.parse("2026-12-01T00:00:00Z")), true, 0);
    }

    private static ScannedFile image(
            String path, @Nullable String entry, String digit, @Nullable String pdq, List<MatchHit> hits) {
        return new ScannedFile(
                path,
                entry,
                1234,
                digit.repeat(16),
                digit.repeat(20),
                digit.repeat(32),
                MediaKind.IMAGE,
                "jpeg",
                pdq,
                pdq == null ? -1 : 100,
                pdq == null ? 0 : 64,
                pdq == null ? 0 : 64,
                null,
                null,
                hits,
                null,
                null,
                List.of());
    }

    private Path export(VicsVersion version) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(version.name()));
        Custody custody = new Custody(
                "hashmatch test",
                List.of("scan"),
                null,
                null,
                List.of("/ev"),
                List.of(Instant.EPOCH),
                Instant.EPOCH,
                List.of());
        ScanReport.write(dir, result(), custody, 10, 50, version);
        return dir.resolve("hits.vics.json");
    }

    @Test
    void goldenFile() throws Exception {
        String written = Files.readString(export(VicsVersion.V2_0), StandardCharsets.UTF_8);
        Files.writeString(Path.of("target", "hits.vics.actual.json"), written); // to compare when it fails
        try (InputStream in = VicsExportTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(written).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(VicsVersion.class)
    void hasTheShapeProjectVicReadersDemand(VicsVersion version) throws Exception {
        assertThat(suiteReaderRecords(export(version), version)).isEqualTo(3);
    }

    @Test
    void goldenFileHasTheShapeProjectVicReadersDemand() throws Exception {
        Path golden = tmp.resolve("golden.json");
        try (InputStream in = VicsExportTest.class.getResourceAsStream(GOLDEN)) {
            Files.write(golden, in.readAllBytes());
        }
        assertThat(suiteReaderRecords(golden, VicsVersion.V2_0)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(VicsVersion.class)
    void importsBackWithTheSameHashesCategoriesAndPaths(VicsVersion version) throws Exception {
        Path file = export(version);
        List<ListEntry> entries = new ArrayList<>();
        try (ListReader r = ListReader.open(file, ReadOptions.DEFAULTS)) {
            for (ListEntry e; (e = r.next()) != null; ) {
                entries.add(e);
            }
        }
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).hashes())
                .isEqualTo(Map.of(
                        HashKind.MD5, "00".repeat(16),
                        HashKind.SHA1, "00".repeat(20),
                        HashKind.SHA256, "00".repeat(32),
                        HashKind.PDQ, "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78"));
        assertThat(entries.stream().map(ListEntry::category)).containsExactly("POSITIVE_CLASS", "2", null);
        assertThat(entries.stream().map(ListEntry::externalId)).containsExactly("1", "4", "5");
        assertThat(entries.get(2).tags()).containsExactly("hashmatch-list:md5_list");
        assertThat(entries.stream().map(ListEntry::mediaSize)).containsExactly(1234L, 1234L, 1234L);
        assertThat(entries.stream().map(ListEntry::mediaFiles))
                .containsExactly(
                        List.of(
                                VicsMediaFile.at("/ev/DCIM/IMG_0001.JPG"),
                                VicsMediaFile.at("/ev/backup.zip!/copy/IMG_0001.JPG")),
                        List.of(new VicsMediaFile(
                                "x.bin",
                                "card.E01!/p1/DCIM/x.bin",
                                Instant.parse("2026-10-01T08:00:00Z"),
                                Instant.parse("2026-10-02T09:14:00.5Z"),
                                Instant.parse("2026-10-03T00:00:00Z"),
                                true,
                                0x1f400)),
                        List.of(VicsMediaFile.at("/ev/notes.txt")));
    }

    /**
     * Reads {@code file} as the streaming Project VIC readers of forensic suites do (IPED's hash-database tool is
     * the strictest seen) and fails where they would refuse or silently drop a record; returns the records kept.
     * Their rules: the data-model key is the first root key, with exactly the version's URL, and {@code value}
     * the only other key; they track array depth only, so a Media record must hold no object outside an array;
     * {@code Category} must be an integer (a string is dropped); {@code MD5}/{@code SHA1} strings, never null; a
     * record is kept only when it has a hash and a property (Category, PhotoDNA or Tags).
     */
    static int suiteReaderRecords(Path file, VicsVersion version) throws Exception {
        int kept = 0;
        try (JsonParser p = StrictJson.FACTORY.createParser(file.toFile())) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            assertThat(p.nextFieldName()).isEqualTo(version.contextKey());
            assertThat(p.nextTextValue()).isEqualTo(version.context());
            assertThat(p.nextFieldName()).isEqualTo("value");
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            Set<String> known = Set.of(
                    "MediaID",
                    "Category",
                    "MD5",
                    "SHA1",
                    "PhotoDNA",
                    "MediaSize",
                    "DateUpdated",
                    "Tags",
                    "AlternativeHashes",
                    "MediaFiles");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                boolean hash = false;
                boolean property = false;
                for (String name; (name = p.nextFieldName()) != null; ) {
                    assertThat(known).as("Media field").contains(name);
                    JsonToken t = p.nextToken();
                    switch (name) {
                        case "Category" -> {
                            assertThat(t).as("Category").isEqualTo(JsonToken.VALUE_NUMBER_INT);
                            assertThat(p.getIntValue()).isBetween(0, 99);
                            property = true;
                        }
                        case "MD5", "SHA1" -> {
                            assertThat(t).as(name).isEqualTo(JsonToken.VALUE_STRING);
                            assertThat(p.getText()).matches("[0-9A-F]+");
                            hash = true;
                        }
                        case "Tags", "PhotoDNA" -> {
                            assertThat(t).as(name).isEqualTo(JsonToken.VALUE_STRING);
                            property |= !p.getText().isBlank();
                        }
                        case "AlternativeHashes", "MediaFiles" -> {
                            assertThat(t).as(name).isEqualTo(JsonToken.START_ARRAY);
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                for (String inner; (inner = p.nextFieldName()) != null; ) {
                                    assertThat(p.nextToken().isScalarValue())
                                            .as(name + "." + inner)
                                            .isTrue();
                                }
                            }
                        }
                        default ->
                            assertThat(t.isScalarValue())
                                    .as(name + " is a scalar")
                                    .isTrue();
                    }
                }
                if (hash && property) {
                    kept++;
                }
            }
            assertThat(p.currentToken()).isEqualTo(JsonToken.END_ARRAY);
            assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(p.nextToken()).isNull();
        }
        return kept;
    }
}
