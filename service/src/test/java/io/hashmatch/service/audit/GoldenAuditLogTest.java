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
 * The golden audit log of version 1, {@code audit/audit-v1.jsonl}: four lines written by the version-1 {@link
 * AuditLog} with fixed times and keys, committed so that every later reader is checked against what version 1 really
 * wrote: the chain must verify with exactly this head, and today's writer must still write exactly these lines.
 *
 * <p>Regenerate with {@code -Dhashmatch.regenerate=true} (from the service folder:
 * {@code ../mvnw -Dtest=GoldenAuditLogTest -Dhashmatch.regenerate=true test}) only when a new audit log version is
 * introduced on purpose, and then keep this file as {@code audit-v1.jsonl} and add the new version beside it.
 */
class GoldenAuditLogTest {
    static final Path GOLDEN = Path.of("src/test/resources/audit/audit-v1.jsonl");
    /** The SHA-256 of the golden file's last line: what {@code hashmatch audit verify} prints as its head. */
    static final String HEAD = "ade2bbbe194b20e4731fc40e2f6160d2a0dc26367d923336f6dc02a5c8dd8545";

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

    @Test
    void goldenLogVerifiesAndIsWhatTodaysWriterWrites() throws Exception {
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            Files.deleteIfExists(GOLDEN);
            writeGolden(GOLDEN);
        }
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
        assertThat(Files.readAllBytes(today)).isEqualTo(Files.readAllBytes(GOLDEN));
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
                        AuditChain.hashOf(lines.get(1))));
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
        Path file = chainedFrom(2);
        FileFormatException e =
                org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> AuditChain.verify(file));
        assertThat(e.kind()).isEqualTo(FileFormatException.Kind.TOO_NEW);
        assertThat(e.foundVersion()).hasValue(2);
        assertThat(e.minVersion()).hasValue(1);
        assertThat(e.maxVersion()).hasValue(1);
        assertThat(e)
                .hasMessage(
                        file + ": line 1: audit log format version 2 is too new: this hashmatch reads versions 1 to 1"
                                + " (written by a newer hashmatch)");
        // and the service does not append version-1 lines to it
        assertThatThrownBy(() -> new AuditLog(file).close())
                .isInstanceOf(AuditLogException.class)
                .hasCauseInstanceOf(FileFormatException.class)
                .hasMessageContaining("audit log format version 2 is too new");
    }

    @Test
    void aLogOfAnOlderVersionIsTooOld() throws Exception {
        Path file = chainedFrom(0);
        FileFormatException e =
                org.junit.jupiter.api.Assertions.assertThrows(FileFormatException.class, () -> AuditChain.verify(file));
        assertThat(e.kind()).isEqualTo(FileFormatException.Kind.TOO_OLD);
        assertThat(e)
                .hasMessage(file + ": line 1: audit log format version 0 is too old: this hashmatch reads versions 1 to"
                        + " 1");
    }

    @Test
    void theVersionOneChainIsTheUnmarkedOne() throws Exception {
        assertThat(AuditChain.genesis(AuditChain.VERSION)).isEqualTo(AuditChain.GENESIS);
        Path file = chainedFrom(1);
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(GOLDEN));
    }
}
