package io.hashmatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.service.http.MatchSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain of the audit log: each line carries the SHA-256 of the one before; a deleted, edited or reordered line is
 * found at the first line after it; a restart continues the chain; a torn last line stops the start.
 */
class AuditChainTest {
    @TempDir
    Path dir;

    /** Writes {@code n} lines through {@link AuditLog} and returns the file. */
    Path log(int n) throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            for (int i = 0; i < n; i++) {
                log.append(
                        Instant.parse("2026-11-29T08:00:00Z").plusSeconds(i),
                        i % 2 == 0 ? "platform-a" : null,
                        "POST /v1/match/hashes",
                        200,
                        i % 2 == 0 ? new MatchSummary(3, i, 1, List.of("demo@1#0a1b2c3d")) : null);
            }
        }
        return file;
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void linesAreChainedFromTheGenesis() throws Exception {
        List<String> lines = Files.readAllLines(log(3));
        assertThat(AuditChain.genesisHash()).isEqualTo(sha256("hashmatch audit log v2"));
        assertThat(lines.get(0))
                .isEqualTo("{\"time\":\"2026-11-29T08:00:00Z\",\"key\":\"platform-a\",\"route\":\"POST"
                        + " /v1/match/hashes\",\"status\":200,\"queries\":3,\"hits\":0,\"matched\":1,\"lists\":[\"demo@1#0a1b2c3d\"],"
                        + "\"prev\":\"" + sha256("hashmatch audit log v2") + "\"}");
        assertThat(lines.get(1))
                .isEqualTo("{\"time\":\"2026-11-29T08:00:01Z\",\"key\":null,\"route\":\"POST"
                        + " /v1/match/hashes\",\"status\":200,\"prev\":\"" + sha256(lines.get(0)) + "\"}");
        assertThat(lines.get(2)).endsWith(",\"prev\":\"" + sha256(lines.get(1)) + "\"}");
        AuditChain.Verification v = AuditChain.verify(dir.resolve("audit.jsonl"));
        assertThat(v).isEqualTo(new AuditChain.Verification(3, 0, null, sha256(lines.get(2))));
        assertThat(v.intact()).isTrue();
    }

    @Test
    void anEmptyOrMissingFileIsAnIntactEmptyChain() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        assertThat(AuditChain.verify(empty))
                .isEqualTo(new AuditChain.Verification(0, 0, null, AuditChain.genesisHash()));
    }

    @Test
    void detectsADeletedLine() throws IOException {
        Path file = log(6);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(3); // line 4
        Files.write(file, lines);
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.brokenLine()).isEqualTo(4);
        assertThat(v.reason())
                .isEqualTo("\"prev\" is not the hash of line 3: a line before it was removed, edited or moved");
    }

    @Test
    void detectsADeletedFirstLine() throws IOException {
        Path file = log(3);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(0);
        Files.write(file, lines);
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.brokenLine()).isEqualTo(1);
        assertThat(v.reason())
                .isEqualTo(
                        "the first line does not start the chain: lines before it were removed, or it was" + " edited");
    }

    @Test
    void detectsAnEditedLineAtTheLineAfterIt() throws IOException {
        Path file = log(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"status\":200", "\"status\":403"));
        Files.write(file, lines);
        assertThat(AuditChain.verify(file).brokenLine()).isEqualTo(3);
    }

    @Test
    void detectsReorderedLines() throws IOException {
        Path file = log(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Collections.swap(lines, 2, 3);
        Files.write(file, lines);
        assertThat(AuditChain.verify(file).brokenLine()).isEqualTo(3);
    }

    @Test
    void detectsALineThatIsNotAnAuditLine() throws IOException {
        Path file = log(2);
        Files.writeString(file, "{\"time\":\"x\"}\n", StandardOpenOption.APPEND);
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.brokenLine()).isEqualTo(3);
        assertThat(v.reason()).isEqualTo("not an audit line: it does not end with \"prev\":\"<sha-256>\"}");
    }

    @Test
    void aRestartContinuesTheChain() throws IOException {
        log(3);
        Path file = log(2); // a second AuditLog on the same file: 5 lines, one chain
        assertThat(Files.readAllLines(file)).hasSize(5);
        assertThat(AuditChain.verify(file))
                .extracting(AuditChain.Verification::lines, AuditChain.Verification::brokenLine)
                .containsExactly(5L, 0L);
    }

    @Test
    void aTornLastLineIsReportedByVerify() throws IOException {
        Path file = log(3);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 20)); // crash in the middle of line 3
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.brokenLine()).isEqualTo(3);
        assertThat(v.reason())
                .isEqualTo("the last line is incomplete (no line end): the service stopped while writing it");
    }

    @Test
    void aLastLineWithoutPrevStopsTheStart() throws IOException {
        Path file = dir.resolve("other.jsonl");
        Files.writeString(file, "hello\n");
        assertThatThrownBy(() -> new AuditLog(file))
                .isInstanceOf(AuditLogException.class)
                .hasMessageStartingWith("audit log " + file + ": the last line is not an audit line");
    }

    @Test
    void findsTheLastLineOfALongFile() throws IOException {
        Path file = log(300); // > 4096 bytes: the tail is read in several chunks
        try (AuditLog log = new AuditLog(file)) {
            log.append(Instant.EPOCH, "k", "GET /v1/lists", 200, null);
        }
        assertThat(AuditChain.verify(file))
                .extracting(AuditChain.Verification::lines, AuditChain.Verification::brokenLine)
                .containsExactly(301L, 0L);
    }

    @Test
    void concurrentAppendsFormOneChainInEachThreadsOrder() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int threads = 6;
        int perThread = 3000;
        try (AuditLog log = new AuditLog(file)) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "t" + t;
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.append(Instant.EPOCH.plusSeconds(i), key, "GET /v1/lists", 200, null);
                        if (i % 1000 == 999) {
                            log.flush();
                        }
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * perThread);
        assertThat(AuditChain.verify(file))
                .extracting(AuditChain.Verification::lines, AuditChain.Verification::brokenLine)
                .containsExactly((long) threads * perThread, 0L);
        for (int t = 0; t < threads; t++) { // each thread's lines in the order it appended them
            String key = "\"key\":\"t" + t + "\"";
            List<String> times = lines.stream()
                    .filter(l -> l.contains(key))
                    .map(l -> l.substring(9, l.indexOf("\",")))
                    .toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(Instant.EPOCH.plusSeconds(i).toString());
            }
            assertThat(times).isEqualTo(expected);
        }
    }

    @Test
    void flushMakesTheQueuedLinesVisibleWhileTheLogStaysOpen() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            log.append(Instant.EPOCH, "k", "GET /v1/lists", 200, null);
            log.append(Instant.EPOCH, "k", "GET /v1/lists", 403, null);
            log.flush();
            assertThat(Files.readAllLines(file)).hasSize(2).last().asString().contains("\"status\":403");
        }
    }

    @Test
    void aClosedLogRefusesLines() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = new AuditLog(file);
        log.close();
        assertThatThrownBy(() -> log.append(Instant.EPOCH, "k", "GET /v1/lists", 200, null))
                .isInstanceOf(AuditLogException.class)
                .hasMessage("audit log " + file + ": closed");
        assertThat(Files.readAllLines(file)).isEmpty();
    }
}
