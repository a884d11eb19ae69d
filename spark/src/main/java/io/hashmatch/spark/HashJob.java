package io.hashmatch.spark;

import static org.apache.spark.sql.functions.col;

import io.hashmatch.cli.DecodeLimitOptions;
import io.hashmatch.cli.PdqHashOptions;
import io.hashmatch.cli.VideoSamplingOptions;
import io.hashmatch.decode.DecodeLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.SerializableConfiguration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hash}: hashes a tree of image and video files (Spark's {@code binaryFile} listing, or a table of paths)
 * into Parquet rows with the fields of {@code hashmatch hash} ({@link HashRecords}), and a summary.
 *
 * <p>The listing reads no file contents; each task hashes its files one at a time within the decode limits
 * ({@link HashPartition}), so one bad or huge file gives one row with an error code, never a failed stage. The
 * driver reads the counts of the written rows per error code, nothing else.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "hash",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Hashes image and video files into Parquet rows with the fields of hashmatch hash: path, size, md5, sha1,"
                    + " sha256, pdq, quality, width, height, format, dihedral, fps, frames, vpdq, error_code,"
                    + " error_message; and a summary (_hashmatch_summary.json in the output directory, and on"
                    + " standard output)."
        })
final class HashJob implements Callable<Integer> {
    /** Where the files are: a tree, or a table naming them. */
    static final class Source {
        @Option(
                names = "--input",
                paramLabel = "PATH",
                description = "A directory (walked recursively) or glob of files, on any file system Spark reads.")
        @Nullable
        String directory;

        @Option(
                names = "--paths",
                paramLabel = "TABLE",
                description = "A table with one file path or URI per row (see --paths-format, --path-column).")
        @Nullable
        String table;
    }

    @ArgGroup(multiplicity = "1")
    Source source = new Source();

    @Option(
            names = "--paths-format",
            paramLabel = "FORMAT",
            defaultValue = "parquet",
            description =
                    "Format of --paths: parquet, orc, csv (with a header line) or json. Default: ${DEFAULT-VALUE}.")
    String pathsFormat = "parquet";

    @Option(
            names = "--path-column",
            paramLabel = "NAME",
            defaultValue = "path",
            description = "Default: ${DEFAULT-VALUE}.")
    String pathColumn = "path";

    @Option(
            names = "--glob",
            paramLabel = "PATTERN",
            description = "Only files whose name matches (Spark's pathGlobFilter), for --input.")
    @Nullable
    String glob;

    @Mixin
    PdqHashOptions pdqOptions = new PdqHashOptions();

    @Mixin
    DecodeLimitOptions decodeLimits = new DecodeLimitOptions();

    @Mixin
    VideoSamplingOptions videoSampling = new VideoSamplingOptions();

    @Mixin
    JobOutput output = new JobOutput();

    private final SparkSession spark;
    private final PrintWriter out;

    HashJob(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        DecodeLimits limits = decodeLimits.limits();
        HashPartition.Settings settings = new HashPartition.Settings(
                pdqOptions.dihedral(),
                pdqOptions.referenceResize(),
                pdqOptions.fast(),
                limits.maxPixels(),
                limits.maxFileBytes(),
                videoSampling.secondsPerHash(),
                videoSampling.timeLimitSeconds());
        settings.hasher(); // checks the limits here rather than in every task
        Dataset<Row> paths = paths();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
        Dataset<Row> rows = paths.mapPartitions(new HashPartition(settings, hadoop), Encoders.row(HashRecords.SCHEMA));
        output.write(rows);

        Map<String, Long> errors = new LinkedHashMap<>();
        long files = 0;
        for (Row r : output.read(spark)
                .groupBy(col("error_code"))
                .count()
                .orderBy(col("error_code"))
                .collectAsList()) {
            long n = r.getLong(1);
            files += n;
            if (!r.isNullAt(0)) {
                errors.put(r.getString(0), n);
            }
        }
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        Summary s = new Summary("hash")
                .put("input", source.directory != null ? source.directory : "paths from " + source.table)
                .put("output", output.path)
                .put("files", files)
                .put("hashed", files - failed)
                .put("errors", errors)
                .put("seconds", (System.nanoTime() - started) / 1e9);
        output.finish(s, spark, out);
        return 0;
    }

    /** One column of paths: the files of the tree (contents not read), or the table's path column. */
    private Dataset<Row> paths() {
        if (source.directory != null) {
            var reader = spark.read().format("binaryFile").option("recursiveFileLookup", "true");
            if (glob != null) {
                reader = reader.option("pathGlobFilter", glob);
            }
            return reader.load(source.directory).select(col("path"));
        }
        String f = pathsFormat.toLowerCase(Locale.ROOT);
        if (!List.of("parquet", "orc", "csv", "json").contains(f)) {
            throw new IllegalArgumentException("--paths-format must be parquet, orc, csv or json: " + pathsFormat);
        }
        Dataset<Row> table =
                spark.read().format(f).option("header", "true").load(java.util.Objects.requireNonNull(source.table));
        if (!List.of(table.columns()).contains(pathColumn)) {
            throw new IllegalArgumentException("the paths table has no column '" + pathColumn + "' (columns: "
                    + String.join(", ", table.columns()) + ")");
        }
        return table.select(col(pathColumn).cast(DataTypes.StringType).as("path"))
                .where(col("path").isNotNull());
    }
}
