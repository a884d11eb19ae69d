package io.hashmatch.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;

import io.hashmatch.cli.MaxDistanceOption;
import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code retro-scan}: matches a table of stored hashes against one or more lists and writes one Parquet row per hit
 * ({@link MatchPartition#HITS}) and a summary.
 *
 * <p>The plan is one stage without a shuffle: each input split is read, matched in blocks and written by the same
 * task. The driver opens and fully verifies every snapshot before the job starts (a damaged one fails the command
 * before any task runs), and tells the executors the checksum it saw; each executor JVM opens each snapshot once,
 * verifies it in full and refuses it if its checksum differs ({@link ExecutorSnapshots}). The driver never reads the
 * stored hashes: it reads counters and the written output's row count.
 *
 * <p>With {@code --since-version}, a list is matched only on the entries added since an earlier version
 * ({@link SnapshotDiff}): the driver writes the delta and ships it to the executors with the job.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "retro-scan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Matches a table of stored hashes (Parquet, ORC, CSV or JSON) against snapshots; writes the hits as"
                    + " Parquet (id, kind, hash, list, entry, distance, category, source, suppressing, suppressed,"
                    + " list_version, list_checksum) and a summary (_hashmatch_summary.json in the output directory,"
                    + " and on standard output).",
            "Hits follow hashmatch match's rules: a row's PDQ hash hits entries within the list's distance, digests"
                    + " hit equal digests, a suppression hit marks the row's other hits suppressed."
        })
final class RetroScan implements Callable<Integer> {
    /** Name of the summary file written into the output directory. */
    static final String SUMMARY_FILE = "_hashmatch_summary.json";

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "The table of stored hashes.")
    String input = "";

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "parquet",
            description = "parquet, orc, csv or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
    String format = "parquet";

    @Option(
            names = "--input-option",
            paramLabel = "KEY=VALUE",
            description = "An option of Spark's reader for the format (repeatable); csv reads a header line unless"
                    + " header=false.")
    Map<String, String> inputOptions = new LinkedHashMap<>();

    @Option(names = "--id-column", paramLabel = "NAME", defaultValue = "id", description = "Default: ${DEFAULT-VALUE}.")
    String idColumn = "id";

    @Option(
            names = "--pdq-column",
            paramLabel = "NAME",
            description = "PDQ hash column (64 hex digits, or 32 bytes). Without any --*-column option for hashes,"
                    + " the columns named pdq, md5, sha1, sha256 and quality are used where the table has them.")
    @Nullable
    String pdqColumn;

    @Option(names = "--md5-column", paramLabel = "NAME", description = "MD5 column (hex or 16 bytes).")
    @Nullable
    String md5Column;

    @Option(names = "--sha1-column", paramLabel = "NAME", description = "SHA-1 column.")
    @Nullable
    String sha1Column;

    @Option(names = "--sha256-column", paramLabel = "NAME", description = "SHA-256 column.")
    @Nullable
    String sha256Column;

    @Option(
            names = "--quality-column",
            paramLabel = "NAME",
            description = "PDQ quality column (0-100), for --min-quality.")
    @Nullable
    String qualityColumn;

    @Option(
            names = "--list",
            required = true,
            paramLabel = "SNAPSHOT",
            description = "A snapshot to match against (repeatable; list names must differ).")
    List<String> lists = new ArrayList<>();

    @Option(
            names = "--suppression",
            paramLabel = "SNAPSHOT",
            description = "A snapshot of known false positives (repeatable): a hit on it cancels the row's other hits.")
    List<String> suppressionLists = new ArrayList<>();

    @Option(
            names = "--since-version",
            paramLabel = "SNAPSHOT",
            description = "An earlier version of a --list list (same name, repeatable): that list is matched only on"
                    + " the entries added since, whose hits a full scan would report.")
    List<String> sinceVersions = new ArrayList<>();

    @Mixin
    MaxDistanceOption maxDistanceOption = new MaxDistanceOption();

    @Option(
            names = "--list-max-distance",
            paramLabel = "NAME=N",
            description = "The largest distance for the list named NAME (repeatable).")
    Map<String, Integer> listMaxDistance = new LinkedHashMap<>();

    @Option(
            names = "--min-quality",
            paramLabel = "Q",
            description = "PDQ hashes of known quality below Q are not searched. Default: ${DEFAULT-VALUE}.")
    int minQuality = Matcher.DEFAULT_MIN_QUALITY;

    @Option(
            names = "--block",
            paramLabel = "N",
            description = "Rows matched per batched search. Default: ${DEFAULT-VALUE}.")
    int block = 4096;

    @Option(
            names = "--ship-snapshots",
            description = "Copy the snapshots to every executor with the job (SparkContext.addFile) instead of opening"
                    + " them where they lie (a path every executor can read).")
    boolean shipSnapshots;

    @Mixin
    JobOutput output = new JobOutput();

    private final SparkSession spark;
    private final PrintWriter out;

    RetroScan(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        if (block < 1) {
            throw new IllegalArgumentException("--block must be at least 1: " + block);
        }
        SparkContext sc = spark.sparkContext();
        Path work = Files.createTempDirectory("hashmatch-retro-scan");
        List<ListRef> refs = new ArrayList<>();
        Summary summary = new Summary("retro-scan");
        try {
            prepareLists(sc, work, refs, summary);
            Dataset<Row> table = read();
            ScanCounters counters = new ScanCounters(sc);
            Dataset<Row> hits = table.mapPartitions(
                    new MatchPartition(refs, minQuality, block, counters), Encoders.row(MatchPartition.HITS));
            output.write(hits);
            long hitCount = output.read(spark).count();
            summary.put("input", input)
                    .put("output", output.path)
                    .put("rows", counters.rows.value())
                    .put("invalidRows", counters.invalidRows.value())
                    .put("rowsWithoutHashes", counters.emptyRows.value())
                    .put("lowQuality", counters.lowQuality.value())
                    .put("matchedRows", counters.matchedRows.value())
                    .put("hits", hitCount)
                    .put("snapshotOpens", counters.snapshotOpens.value())
                    .put("snapshotOpenMillis", counters.snapshotOpenMillis.value())
                    .put("seconds", (System.nanoTime() - started) / 1e9)
                    .put("problems", counters.problems(100));
            output.finish(summary, spark, out);
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    /** Opens (verifies) every snapshot on the driver, writes the deltas, and describes the lists for the executors. */
    private void prepareLists(SparkContext sc, Path work, List<ListRef> refs, Summary summary) throws IOException {
        Map<String, String> since = new HashMap<>();
        Map<String, HashListSnapshot> older = new HashMap<>();
        List<Map<String, Object>> described = new ArrayList<>();
        List<HashListSnapshot> opened = new ArrayList<>();
        try {
            for (String file : sinceVersions) {
                HashListSnapshot s = open(file, opened);
                if (older.put(s.name(), s) != null) {
                    throw new IllegalArgumentException("two --since-version snapshots of list '" + s.name() + "'");
                }
                since.put(s.name(), file);
            }
            List<String> names = new ArrayList<>();
            for (String file : lists) {
                add(sc, work, file, false, open(file, opened), older, refs, names, described);
            }
            for (String file : suppressionLists) {
                add(sc, work, file, true, open(file, opened), older, refs, names, described);
            }
            for (String name : older.keySet()) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("--since-version " + since.get(name) + ": no --list named '"
                            + name + "' (lists: " + String.join(", ", names) + ")");
                }
            }
            for (String name : listMaxDistance.keySet()) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("--list-max-distance: no list named '" + name + "' (lists: "
                            + String.join(", ", names) + ")");
                }
            }
        } finally {
            opened.forEach(HashListSnapshot::close);
        }
        summary.put("lists", described);
    }

    private void add(
            SparkContext sc,
            Path work,
            String file,
            boolean suppression,
            HashListSnapshot s,
            Map<String, HashListSnapshot> older,
            List<ListRef> refs,
            List<String> names,
            List<Map<String, Object>> described)
            throws IOException {
        if (names.contains(s.name())) {
            throw new IllegalArgumentException("two lists named '" + s.name() + "': list names must be unique");
        }
        names.add(s.name());
        int distance = listMaxDistance.getOrDefault(s.name(), maxDistanceOption.maxDistance());
        new ListSettings(distance, suppression); // checks the distance
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", s.name());
        d.put("version", s.version());
        d.put("checksum", s.checksum());
        d.put("file", file);
        d.put("entries", s.entryCount());
        d.put("pdqHashes", s.pdqCount());
        d.put("suppression", suppression);
        d.put("maxDistance", distance);
        HashListSnapshot old = older.get(s.name());
        if (old == null) {
            String where = file;
            if (shipSnapshots) {
                sc.addFile(file);
                where = Path.of(file).getFileName().toString();
            }
            refs.add(new ListRef(
                    s.name(),
                    s.version(),
                    s.checksum(),
                    where,
                    shipSnapshots,
                    s.checksum(),
                    distance,
                    suppression,
                    null,
                    null));
        } else {
            // A unique name: SparkContext.addFile refuses a second file under a name already added.
            Path delta = work.resolve("delta-" + s.checksum() + "-" + UUID.randomUUID() + ".snapshot");
            SnapshotDiff diff = SnapshotDiff.write(old, s, delta);
            String deltaChecksum;
            try (HashListSnapshot written = HashListSnapshot.openUnverified(delta)) {
                deltaChecksum = written.checksum();
            }
            sc.addFile(delta.toString());
            refs.add(new ListRef(
                    s.name(),
                    s.version(),
                    s.checksum(),
                    delta.getFileName().toString(),
                    true,
                    deltaChecksum,
                    distance,
                    suppression,
                    sc.broadcast(diff.entries(), scala.reflect.ClassTag$.MODULE$.apply(int[].class)),
                    old.version()));
            Map<String, Object> sinceVersion = new LinkedHashMap<>();
            sinceVersion.put("version", old.version());
            sinceVersion.put("checksum", old.checksum());
            sinceVersion.put("addedEntries", diff.added());
            sinceVersion.put("deltaEntries", diff.entries().length);
            d.put("since", sinceVersion);
        }
        described.add(d);
    }

    private static HashListSnapshot open(String file, List<HashListSnapshot> opened) throws IOException {
        try {
            HashListSnapshot s = HashListSnapshot.open(Path.of(file));
            opened.add(s);
            return s;
        } catch (FileFormatException e) {
            throw new IllegalArgumentException("snapshot " + file + " refused: " + e.getMessage(), e);
        }
    }

    /** The input table reduced to {@link MatchPartition#INPUT}. */
    private Dataset<Row> read() {
        Map<String, String> options = new LinkedHashMap<>();
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("csv")) {
            options.put("header", "true");
        }
        if (!List.of("parquet", "orc", "csv", "json").contains(f)) {
            throw new IllegalArgumentException("--format must be parquet, orc, csv or json: " + format);
        }
        options.putAll(inputOptions);
        Dataset<Row> table = spark.read().format(f).options(options).load(input);
        List<String> columns = Arrays.asList(table.columns());
        boolean named = pdqColumn != null
                || md5Column != null
                || sha1Column != null
                || sha256Column != null
                || qualityColumn != null;
        String[] chosen = {
            chosen(columns, pdqColumn, "pdq", named),
            chosen(columns, md5Column, "md5", named),
            chosen(columns, sha1Column, "sha1", named),
            chosen(columns, sha256Column, "sha256", named),
            chosen(columns, qualityColumn, "quality", named)
        };
        if (!columns.contains(idColumn)) {
            throw new IllegalArgumentException(
                    "the input has no id column '" + idColumn + "' (columns: " + String.join(", ", columns) + ")");
        }
        if (chosen[0] == null && chosen[1] == null && chosen[2] == null && chosen[3] == null) {
            throw new IllegalArgumentException("the input has no hash column (pdq, md5, sha1, sha256; columns: "
                    + String.join(", ", columns) + ")");
        }
        List<Column> select = new ArrayList<>();
        select.add(col(idColumn).cast(DataTypes.StringType).as("id"));
        String[] as = {"pdq", "md5", "sha1", "sha256"};
        for (int i = 0; i < 4; i++) {
            select.add(hashText(table, chosen[i]).as(as[i]));
        }
        select.add(
                chosen[4] == null
                        ? lit(null).cast(DataTypes.IntegerType).as("quality")
                        : col(chosen[4]).cast(DataTypes.IntegerType).as("quality"));
        return table.select(select.toArray(Column[]::new));
    }

    private static @Nullable String chosen(
            List<String> columns, @Nullable String given, String defaultName, boolean named) {
        if (given != null) {
            if (!columns.contains(given)) {
                throw new IllegalArgumentException(
                        "the input has no column '" + given + "' (columns: " + String.join(", ", columns) + ")");
            }
            return given;
        }
        return !named && columns.contains(defaultName) ? defaultName : null;
    }

    /** A hash column as lowercase hex text: strings as they are, binary columns converted. */
    private static Column hashText(Dataset<Row> table, @Nullable String name) {
        if (name == null) {
            return lit(null).cast(DataTypes.StringType);
        }
        DataType type = null;
        for (StructField f : table.schema().fields()) {
            if (f.name().equals(name)) {
                type = f.dataType();
            }
        }
        return type instanceof BinaryType ? lower(hex(col(name))) : col(name).cast(DataTypes.StringType);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
