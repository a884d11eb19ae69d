package io.hashmatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.FileFormatException;
import io.hashmatch.service.http.MatchSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden audit logs. Version 1, {@code audit/audit-v1.jsonl}: four lines written by the version-1 {@link
 * AuditLog} with fixed times and keys; its chain must verify with exactly its head, and today's request lines must be
 * exactly its lines chained from today's genesis. Version 2, {@code audit/v2/}: a log of three files written by
 * today's writer with a fixed clock (a torn line recovered, two rotations, a request, refused requests of two
 * clients); it must verify across the files with exactly its head, and today's writer must write exactly these files.
 *
 * <p>Regenerate version 2 with {@code -Dhashmatch.regenerate=true} (from the service folder:
 * {@code ../mvnw -Dtest=GoldenAuditLogTest -Dhashmatch.regenerate=true test}) only when a new audit log version is
 * introduced on purpose, and then keep its folder and add the new version beside it. Version 1 is never regenerated.
 */
class GoldenAuditLogTest {
    static final Path GOLDEN = Path.of("src/test/resources/audit/audit-v1.jsonl");
    /** The SHA-256 of the golden file's last line: what {@code hashmatch audit verify} prints as its head. */
    static final String HEAD = "ade2bbbe194b20e4731fc40e2f6160d2a0dc26367d923336f6dc02a5c8dd8545";

    static final Path GOLDEN_V2 = Path.of("src/test/resources/audit/v2");
    /** The head of the version-2 golden log, across its files. */
    static final String HEAD_V2 = "5cee8a21eb00b6f349cd4ce8f231bbf84434873102d2ea1f096fa5910894aade";

    static final Instant T = Instant.parse("2026-11-29T08:00:00Z");

    @TempDir
    Path dir;

    /** Writes the golden requests through today's {@link AuditLog}. */
    static void writeGolden(Path file) throws Exception {
        Instant t = Instant.parse("2026-11-29T08:00:00Z");
        try (AuditLog log = new AuditLog(file)) {
            log.append(
                    t,
                    "platform-a",
                    "POST /v1/match/hashes",
                    200,
                    new MatchSummary(3, 2, 1, List.of("demo@1#0a1b2c3d")));
            log.append(t.plusSeconds(1), null, "GET /m/lookup", 401, null);
            log.append(t.plusMillis(2_500), "ops \"night\"", "PUT /v1/lists/{name}", 200, null);
            log.append(
                    t.plusSeconds(3),
                    "platform-a",
                    "POST /v1/match/hashes",
                    200,
                    new MatchSummary(1, 0, 0, List.of("demo@1#0a1b2c3d", "other@7#ffffffff")));
        }
    }

    /**
     * Writes the version-2 golden log into {@code dir}: a current file holding only a torn line, recovered at start;
     * rotated after each batch (rotate-size 1 byte); one request; refused requests of two clients, written at close.
     */
    static void writeGoldenV2(Path dir) throws Exception {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        Files.writeString(file, "{\"time\":\"2026-11-29T07:59:59Z\",\"key\":\"platform-a\",\"rou");
        java.time.Clock clock = java.time.Clock.fixed(T, java.time.ZoneOffset.UTC);
        try (AuditLog log = new AuditLog(
                file, new AuditConfiguration(file.toString(), 1, false, java.time.Duration.ofSeconds(60)), clock)) {
            log.flush(); // the recovered line, first in the first file
            log.append(
                    T.plusSeconds(1),
                    "platform-a",
                    "POST /v1/match/hashes",
                    200,
                    new MatchSummary(3, 2, 1, List.of("demo@1#0a1b2c3d")));
            log.flush(); // rotated: a second file
            log.refused(T.plusSeconds(2), "203.0.113.7", null, 401);
            log.refused(T.plusSeconds(3), "203.0.113.7", null, 429);
            log.refused(T.plusSeconds(4), "203.0.113.7", null, 429);
            log.refused(T.plusSeconds(5), "2001:db8:0:1:0:0:0:0/64", "platform-a", 429);
        } // the refused lines, in a third file
    }

    @Test
    void goldenLogOfVersion2VerifiesAcrossItsFilesAndIsWhatTodaysWriterWrites() throws Exception {
        Path today = Files.createDirectories(dir.resolve("v2"));
        writeGoldenV2(today);
        List<Path> written = AuditChain.filesIn(today);
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            Files.createDirectories(GOLDEN_V2);
            for (Path p : written) {
                Files.copy(p, GOLDEN_V2.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<Path> golden = AuditChain.filesIn(GOLDEN_V2);
        assertThat(golden)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "hashmatch-audit.20261129T080000.000Z.jsonl",
                        "hashmatch-audit.20261129T080000.001Z.jsonl",
                        "hashmatch-audit.jsonl");
        AuditChain.Verification v = AuditChain.verify(golden);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(6);
        assertThat(v.head()).isEqualTo(HEAD_V2);
        assertThat(v.events())
                .containsExactly(new AuditChain.Event(
                        golden.get(0),
                        1,
                        "{\"event\":\"recovered\",\"time\":\"2026-11-29T08:00:00Z\","
                                + "\"quarantine\":\"hashmatch-audit.20261129T080000.000Z.torn\",\"bytes\":54}"));
        List<String> lines = new ArrayList<>();
        for (Path p : golden) {
            lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
        }
        String prev = AuditChain.hashOf("hashmatch audit log v2");
        List<String> expected = List.of(
                "{\"event\":\"recovered\",\"time\":\"2026-11-29T08:00:00Z\","
                        + "\"quarantine\":\"hashmatch-audit.20261129T080000.000Z.torn\",\"bytes\":54,",
                "{\"event\":\"continued\",\"format\":2,\"time\":\"2026-11-29T08:00:00Z\","
                        + "\"previous\":\"hashmatch-audit.20261129T080000.000Z.jsonl\",",
                "{\"time\":\"2026-11-29T08:00:01Z\",\"key\":\"platform-a\",\"route\":\"POST /v1/match/hashes\","
                        + "\"status\":200,\"queries\":3,\"hits\":2,\"matched\":1,\"lists\":[\"demo@1#0a1b2c3d\"],",
                "{\"event\":\"continued\",\"format\":2,\"time\":\"2026-11-29T08:00:00Z\","
                        + "\"previous\":\"hashmatch-audit.20261129T080000.001Z.jsonl\",",
                "{\"event\":\"refused\",\"time\":\"2026-11-29T08:00:04Z\",\"since\":\"2026-11-29T08:00:02Z\","
                        + "\"client\":\"203.0.113.7\",\"key\":null,\"count\":3,\"statuses\":{\"401\":1,\"429\":2},",
                "{\"event\":\"refused\",\"time\":\"2026-11-29T08:00:05Z\",\"since\":\"2026-11-29T08:00:05Z\","
                        + "\"client\":\"2001:db8:0:1:0:0:0:0/64\",\"key\":\"platform-a\",\"count\":1,"
                        + "\"statuses\":{\"429\":1},");
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d", i + 1).isEqualTo(expected.get(i) + "\"prev\":\"" + prev + "\"}");
            prev = AuditChain.hashOf(lines.get(i));
        }
        assertThat(written).hasSameSizeAs(golden);
        for (int i = 0; i < golden.size(); i++) {
            assertThat(written.get(i).getFileName()).isEqualTo(golden.get(i).getFileName());
            assertThat(Files.readAllBytes(written.get(i))).isEqualTo(Files.readAllBytes(golden.get(i)));
        }
    }

    @Test
    void goldenLogOfVersion1VerifiesAndTodaysRequestLinesAreItsLines() throws Exception {
        AuditChain.Verification v = AuditChain.verify(GOLDEN);
        assertThat(v).isEqualTo(new AuditChain.Verification(4, 0, null, HEAD));

        List<String> lines = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .isEqualTo(
                        "{\"time\":\"2026-11-29T08:00:00Z\",\"key\":\"platform-a\",\"route\":\"POST /v1/match/hashes\","
                                + "\"status\":200,\"queries\":3,\"hits\":2,\"matched\":1,\"lists\":[\"demo@1#0a1b2c3d\"],"
                                + "\"prev\":\"" + AuditChain.hashOf("hashmatch audit log v1") + "\"}");
        assertThat(lines.get(1))
                .isEqualTo("{\"time\":\"2026-11-29T08:00:01Z\",\"key\":null,\"route\":\"GET /m/lookup\",\"status\":401,"
                        + "\"prev\":\"" + AuditChain.hashOf(lines.get(0)) + "\"}");
        assertThat(lines.get(2))
                .isEqualTo("{\"time\":\"2026-11-29T08:00:02.500Z\",\"key\":\"ops \\\"night\\\"\","
                        + "\"route\":\"PUT /v1/lists/{name}\",\"status\":200,"
                        + "\"prev\":\"" + AuditChain.hashOf(lines.get(1)) + "\"}");
        assertThat(lines.get(3))
                .isEqualTo(
                        "{\"time\":\"2026-11-29T08:00:03Z\",\"key\":\"platform-a\",\"route\":\"POST /v1/match/hashes\","
                                + "\"status\":200,\"queries\":1,\"hits\":0,\"matched\":0,"
                                + "\"lists\":[\"demo@1#0a1b2c3d\",\"other@7#ffffffff\"],"
                                + "\"prev\":\"" + AuditChain.hashOf(lines.get(2)) + "\"}");
        assertThat(AuditChain.hashOf(lines.get(3))).isEqualTo(HEAD);

        Path today = dir.resolve("today.jsonl");
        writeGolden(today);
        assertThat(Files.readAllBytes(today)).isEqualTo(Files.readAllBytes(chainedFrom(2)));
    }

    @Test
    void aTamperedCopyFailsAtTheLineAfterTheEdit() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(GOLDEN, StandardCharsets.UTF_8));
        lines.set(1, lines.get(1).replace("\"status\":401", "\"status\":200"));
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(tampered, lines, StandardCharsets.UTF_8);
        assertThat(AuditChain.verify(tampered))
                .isEqualTo(new AuditChain.Verification(
                        3,
                        3,
                        "\"prev\" is not the hash of line 2: a line before it was removed, edited or moved",
                        AuditChain.hashOf(lines.get(1)),
                        tampered,
                        List.of(),
                        null));
    }

    /** The golden log rechained from the genesis of {@code version}: what a version-N writer would start with. */
    private Path chainedFrom(int version) throws Exception {
        List<String> lines = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        String prev = AuditChain.hashOf(AuditChain.genesis(version));
        for (String line : lines) {
            String rechained = line.substring(0, line.length() - 66) + prev + "\"}";
            b.append(rechained).append('\n');
            prev = AuditChain.hashOf(rechained);
        }
        Path file = dir.resolve("audit-v" + version + ".jsonl");
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aLogOfANewerVersionIsTooNewAtLineOne() throws Exception {
        Path file = chainedFrom(3);
        FileFormatException e =
                org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> AuditChain.verify(file));
        assertThat(e.kind()).isEqualTo(FileFormatException.Kind.TOO_NEW);
        assertThat(e.foundVersion()).hasValue(3);
        assertThat(e.minVersion()).hasValue(1);
        assertThat(e.maxVersion()).hasValue(2);
        assertThat(e)
                .hasMessage(
                        file + ": line 1: audit log format version 3 is too new: this hashmatch reads versions 1 to 2"
                                + " (written by a newer hashmatch)");
        // and the service does not append version-2 lines to it
        assertThatThrownBy(() -> new AuditLog(file).close())
                .isInstanceOf(AuditLogException.class)
                .hasCauseInstanceOf(FileFormatException.class)
                .hasMessageContaining("audit log format version 3 is too new");
    }

    @Test
    void aLogOfAnOlderVersionIsTooOld() throws Exception {
        Path file = chainedFrom(0);
        FileFormatException e =
                org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> AuditChain.verify(file));
        assertThat(e.kind()).isEqualTo(FileFormatException.Kind.TOO_OLD);
        assertThat(e)
                .hasMessage(file + ": line 1: audit log format version 0 is too old: this hashmatch reads versions 1 to"
                        + " 2");
    }

    @Test
    void theVersionOneChainIsTheUnmarkedOne() throws Exception {
        assertThat(AuditChain.genesis(AuditChain.VERSION)).isEqualTo(AuditChain.GENESIS);
        Path file = chainedFrom(1);
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(GOLDEN));
    }

    @Test
    void aVersionOneLogIsRotatedAndContinuedByVersionTwoLines() throws Exception {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        Files.copy(GOLDEN, file);
        java.time.Clock clock = java.time.Clock.fixed(T, java.time.ZoneOffset.UTC);
        try (AuditLog log = new AuditLog(file, AuditConfiguration.of(file.toString()), clock)) {
            log.append(T.plusSeconds(9), "platform-a", "GET /v1/lists", 200, null);
        }
        Path rotated = dir.resolve("hashmatch-audit.20261129T080000.000Z.jsonl");
        assertThat(Files.readAllBytes(rotated))
                .as("the version-1 file, unchanged")
                .isEqualTo(Files.readAllBytes(GOLDEN));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0))
                .isEqualTo("{\"event\":\"continued\",\"format\":2,\"time\":\"2026-11-29T08:00:00Z\","
                        + "\"previous\":\"hashmatch-audit.20261129T080000.000Z.jsonl\",\"prev\":\"" + HEAD + "\"}");
        AuditChain.Verification v = AuditChain.verify(AuditChain.filesIn(dir));
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(6);
        assertThat(v.head()).isEqualTo(AuditChain.hashOf(lines.get(1)));
    }
}
