package io.hashmatch.service.console;

import io.hashmatch.service.audit.AuditChain;
import io.hashmatch.service.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what the Activity screen shows: counts from the meter registry, the last lines of the audit log, and the
 * verification of its whole chain ({@link AuditChain#verify}, one read of the file per call: an admin's page, not a hot
 * path).
 *
 * <p>Thread-safe: holds no state of its own.
 */
@Singleton
final class ActivityReader {
    /** Micronaut's timer of every HTTP request answered. */
    static final String HTTP_REQUESTS = "http.server.requests";

    static final String QUERIES = "hashmatch.queries.matched";
    static final String HITS = "hashmatch.hits";
    /** How much of the end of the audit log is read for its latest lines. */
    static final int TAIL_BYTES = 1 << 18;

    private static final Argument<Map<String, Object>> LINE = Argument.mapOf(String.class, Object.class);

    private final MeterRegistry meters;
    private final AuditLog audit;
    private final JsonMapper json;

    ActivityReader(MeterRegistry meters, AuditLog audit, JsonMapper json) {
        this.meters = meters;
        this.audit = audit;
        this.json = json;
    }

    ActivityReport read(Instant now, int latestLines) {
        ActivityReport.Metrics metrics = new ActivityReport.Metrics(
                meters.find(HTTP_REQUESTS).timers().stream()
                        .mapToLong(Timer::count)
                        .sum(),
                counted(QUERIES),
                counted(HITS));
        audit.flush(); // the latest lines include the requests answered just before this one
        Path file = audit.file();
        try {
            return new ActivityReport(
                    now.toString(), metrics, new ActivityReport.Audit(verify(file), latest(file, latestLines)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    private long counted(String name) {
        return Math.round(meters.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum());
    }

    /**
     * The chain check of the whole file. A line being appended while the file is read looks incomplete: then the
     * check is made once more, and only a second failure is reported.
     */
    static ActivityReport.Verification verify(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ActivityReport.Verification(true, 0, 0, null);
        }
        AuditChain.Verification v = AuditChain.verify(file);
        if (!v.intact() && v.brokenLine() == v.lines()) {
            v = AuditChain.verify(file);
        }
        return new ActivityReport.Verification(v.intact(), v.lines(), v.brokenLine(), v.reason());
    }

    /**
     * The last {@code count} complete lines of {@code file}, newest first, each parsed as the JSON object it is
     * ({@code {"unreadable":..}} for a line that is not JSON).
     */
    List<Map<String, Object>> latest(Path file, int count) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] tail;
        long start;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            start = Math.max(0, size - TAIL_BYTES);
            tail = new byte[(int) (size - start)];
            f.seek(start);
            f.readFully(tail);
        }
        String text = new String(tail, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n'); // a line still being written has no line end yet: left out
        if (end < 0) {
            return List.of();
        }
        String[] lines = text.substring(0, end).split("\n", -1);
        int first = start == 0 ? 0 : 1; // the first line of a tail may be cut
        List<Map<String, Object>> latest = new ArrayList<>(count);
        for (int i = lines.length - 1; i >= first && latest.size() < count; i--) {
            if (lines[i].isEmpty()) {
                continue;
            }
            try {
                latest.add(json.readValue(lines[i], LINE));
            } catch (IOException e) {
                // the chain verification reports such a line; the list shows that it is there
                latest.add(Map.of("unreadable", "not a JSON audit line"));
            }
        }
        return latest;
    }
}
