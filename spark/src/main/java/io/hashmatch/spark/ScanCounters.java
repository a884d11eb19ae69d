package io.hashmatch.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The counters a retro-scan's tasks add to, read by the driver for the summary: counts and a few sample problems,
 * never hashes. Counts come from the tasks' updates, so a task that Spark retries counts twice.
 *
 * <p>Thread-safe as Spark's accumulators are (each task updates its own copy).
 */
final class ScanCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Problems kept per task as samples for the summary. */
    static final int SAMPLES_PER_TASK = 20;

    final LongAccumulator rows;
    final LongAccumulator invalidRows;
    final LongAccumulator emptyRows;
    final LongAccumulator lowQuality;
    final LongAccumulator matchedRows;
    final LongAccumulator snapshotOpens;
    final LongAccumulator snapshotOpenMillis;
    final CollectionAccumulator<String> problems;

    ScanCounters(SparkContext sc) {
        rows = sc.longAccumulator("rows");
        invalidRows = sc.longAccumulator("invalid rows");
        emptyRows = sc.longAccumulator("rows without hashes");
        lowQuality = sc.longAccumulator("low quality");
        matchedRows = sc.longAccumulator("matched rows");
        snapshotOpens = sc.longAccumulator("snapshot opens");
        snapshotOpenMillis = sc.longAccumulator("snapshot open ms");
        problems = sc.collectionAccumulator("problems");
    }

    /** The sample problems the tasks reported (at most {@code max}). */
    List<String> problems(int max) {
        List<String> all = problems.value();
        return List.copyOf(all.subList(0, Math.min(max, all.size())));
    }
}
