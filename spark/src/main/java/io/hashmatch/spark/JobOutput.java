package io.hashmatch.spark;

import java.io.IOException;
import java.io.PrintWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where a job writes, mixed into each job ({@link picocli.CommandLine.Mixin}): {@code --output} (a directory of
 * Parquet files, and the job's {@link Summary}) and {@code --overwrite}; and the summary of the run once written.
 *
 * <p>Not thread-safe (holds parsed options); one instance per job run.
 */
final class JobOutput {
    @Option(
            names = "--output",
            required = true,
            paramLabel = "PATH",
            description = "Directory of the output rows (Parquet), and of the summary.")
    String path = "";

    @Option(names = "--overwrite", description = "Replace the output directory if it exists.")
    boolean overwrite;

    private @Nullable Summary summary;

    /** Writes {@code rows} as Parquet into the output directory (which must not exist, unless --overwrite). */
    void write(Dataset<Row> rows) {
        rows.write()
                .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .parquet(path);
    }

    /** The rows written. */
    Dataset<Row> read(SparkSession spark) {
        return spark.read().parquet(path);
    }

    /** Writes the run's summary beside the rows and to {@code out}; {@link #summary()} returns it afterwards. */
    void finish(Summary s, SparkSession spark, PrintWriter out) throws IOException {
        s.write(spark, path, out);
        summary = s;
    }

    /** The summary of the run, once the job finished; null before. */
    @Nullable
    Summary summary() {
        return summary;
    }
}
