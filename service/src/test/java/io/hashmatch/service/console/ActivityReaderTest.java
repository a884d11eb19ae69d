package io.hashmatch.service.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Activity screen's data: the latest audit lines newest first, and a broken chain reported with its line. */
class ActivityReaderTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    private Path writeLog(int lines) throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            for (int i = 0; i < lines; i++) {
                log.append(T0.plusSeconds(i), "k" + i, "GET /v1/lists", 200, null);
            }
        }
        return file;
    }

    private static ActivityReader reader(Path file) {
        return new ActivityReader(new SimpleMeterRegistry(), new AuditLog(file), JsonMapper.createDefault());
    }

    @Test
    void latestLinesComeNewestFirstAndTheChainIsIntact() throws IOException {
        Path file = writeLog(5);
        ActivityReport r = reader(file).read(T0, 3);
        assertThat(r.time()).isEqualTo("2026-11-29T08:00:00Z");
        assertThat(r.audit().latest()).extracting(m -> m.get("key")).containsExactly("k4", "k3", "k2");
        assertThat(r.audit().latest().get(0))
                .containsEntry("time", "2026-11-29T08:00:04Z")
                .containsEntry("route", "GET /v1/lists")
                .containsEntry("status", 200);
        assertThat(r.audit().verification()).isEqualTo(new ActivityReport.Verification(true, 5, 0, null));
        assertThat(r.metrics()).isEqualTo(new ActivityReport.Metrics(0, 0, 0));
    }

    @Test
    void aRemovedLineIsReportedWithItsNumber() throws IOException {
        Path file = writeLog(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        ActivityReport.Verification v = ActivityReader.verify(file);
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenLine()).isEqualTo(2);
        assertThat(v.reason())
                .isEqualTo("\"prev\" is not the hash of line 1: a line before it was removed, edited or" + " moved");
    }

    @Test
    void aLineThatIsNotJsonIsShownAsUnreadable() throws IOException {
        Path file = writeLog(2);
        ActivityReader reader = reader(file); // the service opened its log while it was intact
        Files.writeString(file, Files.readString(file) + "not json\n");
        List<Map<String, Object>> latest = reader.latest(file, 2);
        assertThat(latest.get(0)).isEqualTo(Map.of("unreadable", "not a JSON audit line"));
        assertThat(latest.get(1)).containsEntry("key", "k1");
        assertThat(ActivityReader.verify(file).brokenLine()).isEqualTo(3);
    }

    @Test
    void aMissingLogIsIntactWithNoLine() throws IOException {
        Path file = dir.resolve("none.jsonl");
        assertThat(ActivityReader.verify(file)).isEqualTo(new ActivityReport.Verification(true, 0, 0, null));
    }
}
