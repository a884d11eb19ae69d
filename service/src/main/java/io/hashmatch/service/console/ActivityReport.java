package io.hashmatch.service.console;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /v1/console/activity}:
 *
 * <pre>{@code
 * {"time":"2026-11-29T08:00:00Z",
 *  "metrics":{"requests":12,"queriesMatched":7,"hits":3},
 *  "audit":{"verification":{"intact":true,"lines":12,"brokenLine":0,"reason":null},
 *           "latest":[{"time":..,"key":"ops","route":"POST /v1/match/image","status":200,"queries":1,"hits":1,..},..]}}
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 *
 * @param time when the report was made (ISO-8601)
 * @param metrics counts since the service started
 * @param audit the audit log
 */
@Serdeable
public record ActivityReport(String time, Metrics metrics, Audit audit) {
    /**
     * Counters from the metrics registry.
     *
     * @param requests HTTP requests answered (Micronaut's {@code http.server.requests}, every route)
     * @param queriesMatched hashes, images and videos matched ({@code hashmatch.queries.matched})
     * @param hits hits on every list ({@code hashmatch.hits})
     */
    @Serdeable
    public record Metrics(long requests, long queriesMatched, long hits) {}

    /**
     * The audit log: its chain check and its last lines.
     *
     * @param verification the whole file's chain check
     * @param latest the last lines, newest first, as written (never an image or a queried hash: only counts)
     */
    @Serdeable
    public record Audit(Verification verification, List<Map<String, Object>> latest) {}

    /**
     * The result of checking the audit log's hash chain.
     *
     * @param intact whether every line is chained to the one before
     * @param lines lines read
     * @param brokenLine 1-based number of the first line that breaks the chain, 0 when intact
     * @param reason what is wrong with that line, or null
     */
    @Serdeable
    public record Verification(
            boolean intact,
            long lines,
            long brokenLine,
            @Nullable String reason) {}
}
