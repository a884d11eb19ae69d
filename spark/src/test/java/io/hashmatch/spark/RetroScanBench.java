package io.hashmatch.spark;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The retro-scan figures of bench/RESULTS.md (run by bench/run-spark-bench.sh, not by the test suite): STORED random
 * PDQ hashes (one in 50 near a list entry) in Parquet against a LIST-entry snapshot, matched by the retro-scan job in
 * local[2] with the input in 2 and in 4 partitions, and by the engine alone on two threads reading the same Parquet
 * files. Data are generated once into WORKDIR and reused.
 *
 * <p>Usage: {@code RetroScanBench WORKDIR STORED LIST}
 */
final class RetroScanBench {
    private static final int BLOCK = 4096;

    private RetroScanBench() {}

    /** Hash {@code i} of a stream: SplitMix64, so that the executors generate the stored rows without the driver. */
    static PdqHash hash(long stream, long i) {
        long[] w = new long[4];
        long x = stream * 0x9E3779B97F4A7C15L + i * 4;
        for (int k = 0; k < 4; k++) {
            long z = (x += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            w[k] = z ^ (z >>> 31);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long stored = Long.parseLong(args[1]);
        int list = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        Path snapshot = work.resolve("list-" + list + ".hmsnap");
        if (!Files.exists(snapshot)) {
            long t = System.nanoTime();
            SnapshotWriter w = SnapshotWriter.create("bench", "1");
            for (int e = 0; e < list; e++) {
                w.addPdq(w.addEntry(), hash(1, e));
            }
            w.write(snapshot);
            System.out.printf(Locale.ROOT, "snapshot of %d entries written in %.1f s%n", list, secs(t));
        }
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path parquet = work.resolve("stored-" + stored + "-" + list + ".parquet");
        if (!Files.exists(parquet)) {
            long t = System.nanoTime();
            spark.range(stored)
                    .repartition(4)
                    .map(
                            (MapFunction<Long, String>) i -> {
                                PdqHash h = i % 50 == 0 ? near(hash(1, (i * 7919) % list), i) : hash(2, i);
                                return i + "," + h.toHex();
                            },
                            Encoders.STRING())
                    .selectExpr("split(value, ',')[0] as id", "split(value, ',')[1] as pdq")
                    .write()
                    .parquet(parquet.toString());
            System.out.printf(Locale.ROOT, "%d stored hashes written in %.1f s%n", stored, secs(t));
        }
        long bytes = 0;
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(parquet)) {
            for (Path p :
                    s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
                files.add(p);
                bytes += Files.size(p);
            }
        }
        for (int partitions : new int[] {2, 4}) {
            spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString(bytes / partitions + 1));
            spark.conf().set("spark.sql.files.openCostInBytes", "0");
            StringWriter out = new StringWriter();
            long t = System.nanoTime();
            int status = SparkJobs.run(
                    spark,
                    new PrintWriter(out, true),
                    new PrintWriter(System.err, true),
                    "retro-scan",
                    "--input",
                    parquet.toString(),
                    "--list",
                    snapshot.toString(),
                    "--output",
                    work.resolve("hits").toString(),
                    "--overwrite");
            double s = secs(t);
            System.out.printf(
                    Locale.ROOT,
                    "spark local[2], %d partitions: status %d, %.1f s, %.0f hashes/s; %s%n",
                    spark.read().parquet(parquet.toString()).rdd().getNumPartitions(),
                    status,
                    s,
                    stored / s,
                    out.toString().strip());
        }
        spark.stop();

        // the engine alone: two threads, each reading its share of the same Parquet files, matching blocks
        long t = System.nanoTime();
        try (HashListSnapshot s = HashListSnapshot.open(snapshot)) {
            double open = secs(t);
            Matcher m = Matcher.newBuilder().addList(s).build();
            AtomicLong hits = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int first = k;
                done.add(pool.submit(() -> {
                    for (int f = first; f < files.size(); f += 2) {
                        read(files.get(f), m, hits, rows);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double secs = secs(t);
            System.out.printf(
                    Locale.ROOT,
                    "engine alone, 2 threads: %d rows, %d hits, %.1f s (snapshot open with full CRC %.0f ms),"
                            + " %.0f hashes/s%n",
                    rows.get(),
                    hits.get(),
                    secs,
                    open * 1000,
                    rows.get() / secs);
        }
    }

    private static void read(Path file, Matcher m, AtomicLong hits, AtomicLong rows) throws IOException {
        try (ParquetReader<Group> reader = ParquetReader.builder(
                        new GroupReadSupport(), new org.apache.hadoop.fs.Path(new File(file.toString()).toURI()))
                .withConf(new Configuration())
                .build()) {
            List<Query> block = new ArrayList<>(BLOCK);
            for (Group g = reader.read(); ; g = reader.read()) {
                if (g != null) {
                    block.add(new Query(
                            g.getString("id", 0),
                            PdqHash.fromHex(g.getString("pdq", 0)),
                            Query.QUALITY_UNKNOWN,
                            null,
                            null,
                            null));
                }
                if (block.size() == BLOCK || (g == null && !block.isEmpty())) {
                    for (MatchResult r : m.match(block)) {
                        hits.addAndGet(r.hits().size());
                    }
                    rows.addAndGet(block.size());
                    block.clear();
                }
                if (g == null) {
                    return;
                }
            }
        }
    }

    private static PdqHash near(PdqHash h, long i) {
        return PdqHash.of(h.word(0) ^ (1L << (i % 64)), h.word(1) ^ (3L << (i % 60)), h.word(2), h.word(3));
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
