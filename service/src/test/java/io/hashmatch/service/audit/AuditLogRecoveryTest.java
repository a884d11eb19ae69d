package io.hashmatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.service.MovableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the audit log survives: a torn last line (quarantined, recorded, the log starts), a second process on the same
 * log (refused, naming the first), rotation by size and by day (one chain across the files, a tampered middle file
 * found), and a full disk (nothing half-written, the lines written once the disk has room again).
 */
class AuditLogRecoveryTest {
    static final Instant T = Instant.parse("2026-11-29T08:00:00Z");

    @TempDir
    Path dir;

    private static void append(AuditLog log, int i) {
        log.append(T.plusSeconds(i), "platform-a", "GET /v1/lists", 200, null);
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void aTornLastLineIsQuarantinedAndRecordedAndTheLogContinues() throws IOException {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            for (int i = 0; i < 3; i++) {
                append(log, i);
            }
        }
        byte[] all = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(all, all.length - 20); // the process died in the middle of line 3
        Files.write(file, cut);
        int lastLineStart = new String(cut, StandardCharsets.UTF_8).lastIndexOf('\n') + 1;

        try (AuditLog log = new AuditLog(file)) { // starts
            append(log, 3);
        }

        List<Path> quarantined = files(".torn");
        assertThat(quarantined).hasSize(1);
        assertThat(Files.readAllBytes(quarantined.get(0)))
                .as("the torn bytes, moved")
                .isEqualTo(Arrays.copyOfRange(cut, lastLineStart, cut.length));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2))
                .matches("\\{\"event\":\"recovered\",\"time\":\"[0-9T:.Z-]+\",\"quarantine\":\""
                        + quarantined.get(0).getFileName() + "\",\"bytes\":" + (cut.length - lastLineStart)
                        + ",\"prev\":\"" + AuditChain.hashOf(lines.get(1)) + "\"}");
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(4);
        assertThat(v.events()).extracting(AuditChain.Event::line).containsExactly(3L);
    }

    @Test
    void aLogWhoseOnlyLineIsTornStartsANewChain() throws IOException {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        Files.writeString(file, "{\"time\":\"2026-11-29T08:00:00Z\",\"key\"");
        try (AuditLog log = new AuditLog(file)) {
            append(log, 0);
        }
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(2);
        assertThat(Files.readAllLines(file).get(0))
                .startsWith("{\"event\":\"recovered\",")
                .endsWith("\"prev\":\"" + AuditChain.genesisHash() + "\"}");
    }

    @Test
    void aSecondProcessOnTheSameLogIsRefusedNamingTheFirst() throws IOException {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        try (AuditLog first = new AuditLog(file)) {
            append(first, 0);
            assertThatThrownBy(() -> new AuditLog(file))
                    .isInstanceOf(AuditLogException.class)
                    .hasMessageStartingWith("audit log " + file + ": in use by another hashmatch serve (pid "
                            + ProcessHandle.current().pid() + ", since ")
                    .hasMessageContaining("give each its own hashmatch.audit.file");
            append(first, 1);
        }
        try (AuditLog next = new AuditLog(file)) { // released at close
            append(next, 2);
        }
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(3);
    }

    @Test
    void rotatesBySizeWithOneChainAcrossTheFiles() throws IOException {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        AuditConfiguration config = new AuditConfiguration(file.toString(), 600, false, Duration.ofSeconds(60));
        try (AuditLog log = new AuditLog(file, config, Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                append(log, i);
                log.flush(); // one batch per line, so the size is looked at before each
            }
        }
        List<Path> files = AuditChain.filesIn(dir);
        assertThat(files.size()).isGreaterThanOrEqualTo(4);
        assertThat(files.get(files.size() - 1))
                .isEqualTo(file.toAbsolutePath().getParent().resolve(file.getFileName()));
        for (Path p : files.subList(0, files.size() - 1)) {
            assertThat(Files.size(p)).as("%s", p).isLessThan(600 + 300);
        }
        AuditChain.Verification v = AuditChain.verify(files);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(20 + files.size() - 1); // a continued line at the start of each later file
        for (Path p : files.subList(1, files.size())) {
            assertThat(Files.readAllLines(p).get(0)).startsWith("{\"event\":\"continued\",\"format\":2,");
        }
        // each file alone: the later ones start after the file before
        AuditChain.Verification last = AuditChain.verify(files.get(files.size() - 1));
        assertThat(last.intact()).isTrue();
        assertThat(last.startsAfter())
                .isEqualTo(files.get(files.size() - 2).getFileName().toString());

        // an edited line in a middle file is found; so is a missing middle file
        Path middle = files.get(files.size() / 2);
        List<String> lines = new ArrayList<>(Files.readAllLines(middle));
        String original = lines.get(lines.size() - 1);
        lines.set(lines.size() - 1, original.replace("\"status\":200", "\"status\":204"));
        Files.write(middle, lines);
        AuditChain.Verification tampered = AuditChain.verify(files);
        assertThat(tampered.intact()).isFalse();
        assertThat(tampered.brokenFile()).isEqualTo(files.get(files.size() / 2 + 1));
        assertThat(tampered.brokenLine()).isEqualTo(1);

        lines.set(lines.size() - 1, original);
        Files.write(middle, lines);
        assertThat(AuditChain.verify(files).intact()).isTrue();
        List<Path> gap = new ArrayList<>(files);
        gap.remove(middle);
        AuditChain.Verification missing = AuditChain.verify(gap);
        assertThat(missing.intact()).isFalse();
        assertThat(missing.reason()).startsWith("the first line does not continue ");
    }

    @Test
    void rotatesOnTheFirstLineOfANewDay() throws IOException {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        MovableClock clock = new MovableClock(Instant.parse("2026-11-29T23:59:59Z"));
        AuditConfiguration config = new AuditConfiguration(file.toString(), 0, true, Duration.ofSeconds(60));
        try (AuditLog log = new AuditLog(file, config, clock)) {
            append(log, 0);
            log.flush();
            append(log, 1);
            log.flush();
            clock.now = Instant.parse("2026-11-30T00:00:01Z");
            append(log, 2);
        }
        List<Path> files = AuditChain.filesIn(dir);
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("hashmatch-audit.20261130T000001.000Z.jsonl", "hashmatch-audit.jsonl");
        assertThat(Files.readAllLines(files.get(0))).hasSize(2);
        assertThat(AuditChain.verify(files).intact()).isTrue();
    }

    @Test
    void aFullDiskLeavesNoHalfLineAndTheLinesAreWrittenOnceThereIsRoom() throws IOException {
        Path file = dir.resolve("hashmatch-audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            append(log, 0);
            log.flush();
            long before = Files.size(file);
            // a write that gets half of its bytes to the file, then fails as a full disk does
            log.writeThrough((channel, buffer) -> {
                ByteBuffer half = buffer.slice(buffer.position(), Math.max(1, buffer.remaining() / 2));
                channel.write(half);
                throw new IOException("No space left on device");
            });
            append(log, 1);
            append(log, 2);
            await(() -> log.unwritable() != null, "the failed write is reported");
            assertThat(log.unwritable()).isEqualTo("cannot write: No space left on device");
            assertThatThrownBy(log::flush)
                    .isInstanceOf(AuditLogException.class)
                    .hasMessage("audit log " + file + ": cannot write: No space left on device");
            assertThat(Files.size(file)).as("the half batch is cut off").isEqualTo(before);

            log.writeThrough(FileChannel::write); // room again: the retry writes the kept batch
            await(() -> log.unwritable() == null, "the retry succeeds");
            append(log, 3);
            log.flush();
        }
        AuditChain.Verification v = AuditChain.verify(file);
        assertThat(v.intact()).isTrue();
        assertThat(v.lines()).isEqualTo(4);
    }
}
