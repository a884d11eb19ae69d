package io.hashmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** retro-scan in local[2] on seeded generated lists and stored hashes, against a brute-force scan and the matcher. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetroScanTest {
    private static final long SEED = Long.getLong("hashmatch.seed", 20261205L);
    private static final int MAX_DISTANCE = 31;
    private static final int MIN_QUALITY = 50;
    private static final int OLD_ENTRIES = 1200;

    @TempDir
    static Path dir;

    private LocalSpark local;
    private GeneratedLists.ListData vendorV1;
    private GeneratedLists.ListData vendorV2;
    private GeneratedLists.ListData falsePositives;
    private List<GeneratedLists.Stored> stored;
    private Path parquet;

    @BeforeAll
    void generate() throws IOException {
        local = new LocalSpark();
        GeneratedLists g = new GeneratedLists(SEED);
        List<GeneratedLists.Entry> old = g.entries(OLD_ENTRIES, 0.03);
        List<GeneratedLists.Entry> added = new ArrayList<>(g.entries(250, 0.02));
        // added entries near old suppression entries: an old suppression entry must still suppress them
        for (GeneratedLists.Entry e : old) {
            if (e.suppression() && added.size() < 270) {
                added.add(new GeneratedLists.Entry(List.of(g.flip(e.pdq().get(0), 6)), null, "cat-new", false));
            }
        }
        List<GeneratedLists.Entry> all = new ArrayList<>(old);
        all.addAll(added);
        vendorV1 = GeneratedLists.write("vendor", "v1", false, old, dir.resolve("vendor-v1.hmsnap"));
        vendorV2 = GeneratedLists.write("vendor", "v2", false, all, dir.resolve("vendor-v2.hmsnap"));
        falsePositives = GeneratedLists.write("fp", "1", true, g.entries(40, 0), dir.resolve("fp.hmsnap"));
        stored = new ArrayList<>(g.stored(6000, List.of(vendorV2, falsePositives)));
        parquet = dir.resolve("stored.parquet");
        table(stored).repartition(2).write().parquet(parquet.toString());
    }

    @AfterAll
    void stop() {
        local.close();
    }

    private Dataset<Row> table(List<GeneratedLists.Stored> rows) {
        StructType schema = new StructType()
                .add("id", DataTypes.StringType)
                .add("pdq", DataTypes.StringType)
                .add("md5", DataTypes.StringType)
                .add("quality", DataTypes.IntegerType);
        List<Row> r = new ArrayList<>();
        for (GeneratedLists.Stored s : rows) {
            r.add(RowFactory.create(s.id(), s.pdq(), s.md5(), s.quality()));
        }
        return local.spark.createDataFrame(r, schema);
    }

    private List<String> hits(Path output) {
        List<String> out = new ArrayList<>();
        for (Row r : local.spark.read().parquet(output.toString()).collectAsList()) {
            out.add(String.join(
                    "|",
                    r.getAs("id"),
                    r.getAs("kind"),
                    r.getAs("hash"),
                    r.getAs("list"),
                    String.valueOf((int) r.getAs("entry")),
                    String.valueOf((int) r.getAs("distance")),
                    String.valueOf((Object) r.getAs("category")),
                    String.valueOf((Object) r.getAs("source")),
                    String.valueOf((boolean) r.getAs("suppressing")),
                    String.valueOf((boolean) r.getAs("suppressed")),
                    r.getAs("list_version"),
                    r.getAs("list_checksum")));
        }
        return out;
    }

    private LocalSpark.Run scan(Path input, String format, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "retro-scan",
                "--input",
                input.toString(),
                "--format",
                format,
                "--list",
                vendorV2.file().toString(),
                "--suppression",
                falsePositives.file().toString(),
                "--output",
                output.toString()));
        args.addAll(List.of(more));
        LocalSpark.Run run = local.run(args.toArray(String[]::new));
        assertThat(run.status()).as("seed %d; err: %s", SEED, run.err()).isZero();
        return run;
    }

    @Test
    void hitsEqualBruteForceAndTheMatcher() throws IOException {
        Path output = dir.resolve("hits");
        LocalSpark.Run run = scan(parquet, "parquet", output);

        List<String> expected =
                GeneratedLists.bruteForce(stored, List.of(vendorV2, falsePositives), MAX_DISTANCE, MIN_QUALITY);
        assertThat(expected)
                .as("seed %d: the data must give hits of every kind", SEED)
                .hasSizeGreaterThan(500);
        assertThat(expected)
                .anyMatch(h -> h.contains("|md5|"))
                .anyMatch(h -> h.endsWith("|true|false|v2|" + vendorV2.checksum()) || h.contains("|true|false|"));
        assertThat(hits(output)).as("seed %d", SEED).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(hits(output)).as("seed %d", SEED).containsExactlyInAnyOrderElementsOf(matcher(stored));
        Summary s = run.summary();
        assertThat(s).isNotNull();
        assertThat(s.get("rows")).isEqualTo(6000L);
        assertThat(s.get("hits")).isEqualTo((long) expected.size());
        assertThat(s.get("invalidRows")).isEqualTo(0L);
        assertThat((long) s.get("snapshotOpens")).isBetween(0L, 2L); // once per JVM and snapshot
        assertThat(Files.readString(output.resolve(RetroScan.SUMMARY_FILE))).contains("\"job\":\"retro-scan\"");
    }

    /** What the engine's matcher answers for each row, one query per row as hashmatch match builds them. */
    private List<String> matcher(List<GeneratedLists.Stored> rows) throws IOException {
        try (HashListSnapshot v = HashListSnapshot.open(vendorV2.file());
                HashListSnapshot fp = HashListSnapshot.open(falsePositives.file())) {
            Matcher m = Matcher.newBuilder()
                    .addList(v)
                    .addList(fp, ListSettings.DEFAULTS.withSuppression(true))
                    .build();
            List<String> out = new ArrayList<>();
            for (GeneratedLists.Stored r : rows) {
                if (r.pdq() == null && r.md5() == null) {
                    continue;
                }
                PdqHash pdq = r.pdq() == null ? null : PdqHash.fromHex(r.pdq());
                Query q = new Query(
                        r.id(),
                        pdq,
                        r.quality() == null || pdq == null ? Query.QUALITY_UNKNOWN : r.quality(),
                        r.md5(),
                        null,
                        null);
                MatchResult result = m.match(q);
                for (MatchHit h : result.hits()) {
                    boolean isPdq = h.kind().name().equals("PDQ");
                    out.add(String.join(
                            "|",
                            r.id(),
                            h.kind().name().toLowerCase(Locale.ROOT),
                            isPdq ? r.pdq() : r.md5(),
                            h.list(),
                            Integer.toString(h.entry()),
                            Integer.toString(h.distance()),
                            String.valueOf(h.category()),
                            String.valueOf(h.sourceList()),
                            Boolean.toString(h.suppressing()),
                            Boolean.toString(h.suppressed()),
                            h.list().equals("vendor") ? "v2" : "1",
                            h.list().equals("vendor") ? vendorV2.checksum() : falsePositives.checksum()));
                }
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json", "orc"})
    void everyInputFormatGivesTheSameHits(String format) {
        List<GeneratedLists.Stored> few = stored.subList(0, 1500);
        Path input = dir.resolve("stored-" + format);
        var writer = table(few).coalesce(1).write().format(format);
        if (format.equals("csv")) {
            writer = writer.option("header", "true");
        }
        writer.save(input.toString());
        Path output = dir.resolve("hits-" + format);
        // csv also ships the snapshots with the job instead of reading them where they lie
        scan(input, format, output, format.equals("csv") ? "--ship-snapshots" : "--block=100");

        assertThat(hits(output))
                .as("seed %d", SEED)
                .containsExactlyInAnyOrderElementsOf(
                        GeneratedLists.bruteForce(few, List.of(vendorV2, falsePositives), MAX_DISTANCE, MIN_QUALITY));
    }

    @Test
    void sinceVersionEqualsTheFullScanRestrictedToAddedEntries() {
        Path full = dir.resolve("full");
        scan(parquet, "parquet", full);
        Path since = dir.resolve("since");
        LocalSpark.Run run = scan(
                parquet, "parquet", since, "--since-version", vendorV1.file().toString());

        List<String> restricted = hits(full).stream()
                .filter(h -> {
                    String[] f = h.split("\\|");
                    return !f[3].equals("vendor") || Integer.parseInt(f[4]) >= OLD_ENTRIES;
                })
                .toList();
        assertThat(restricted)
                .as("seed %d: the added entries must be hit, some of them suppressed by old entries", SEED)
                .anyMatch(h -> h.contains("|vendor|") && h.contains("|false|true|v2|"))
                .anyMatch(h -> h.contains("|vendor|") && h.contains("|false|false|v2|"));
        assertThat(hits(since)).as("seed %d", SEED).containsExactlyInAnyOrderElementsOf(restricted);
        @SuppressWarnings("unchecked")
        var lists = (List<java.util.Map<String, Object>>) run.summary().get("lists");
        assertThat(lists.get(0).get("since").toString()).contains("addedEntries=270");
    }

    @Test
    void corruptRowsAreCountedAndReportedWithoutFailingTheJob() throws IOException {
        Path input = dir.resolve("corrupt.jsonl");
        Files.writeString(
                input, """
                {"id":"good-1","pdq":"%s"}
                {"id":"bad-pdq","pdq":"not a hash"}
                {"id":"bad-md5","md5":"0123"}
                {"id":"empty"}
                {"id":"good-2","md5":"%s"}
                """.formatted(vendorV2.entries().get(0).pdq().get(0).toHex(), "ab".repeat(16)));
        Path output = dir.resolve("hits-corrupt");
        LocalSpark.Run run = scan(input, "json", output);

        Summary s = run.summary();
        assertThat(s.get("rows")).isEqualTo(5L);
        assertThat(s.get("invalidRows")).isEqualTo(2L);
        assertThat(s.get("rowsWithoutHashes")).isEqualTo(1L);
        assertThat(s.get("problems").toString()).contains("row 'bad-pdq'").contains("row 'bad-md5'");
        assertThat(hits(output)).anyMatch(h -> h.startsWith("good-1|pdq|") && h.contains("|vendor|0|0|"));
    }

    @Test
    void aSnapshotWithAWrongChecksumFailsBeforeAnyTask() throws IOException {
        Path damaged = dir.resolve("damaged.hmsnap");
        Files.copy(vendorV2.file(), damaged);
        try (FileChannel ch = FileChannel.open(damaged, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = ch.size() / 2;
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
            ch.write(b, at);
        }
        int tasksBefore = local.tasksStarted.get();
        Path output = dir.resolve("hits-damaged");
        LocalSpark.Run run = local.run(
                "retro-scan",
                "--input",
                parquet.toString(),
                "--list",
                damaged.toString(),
                "--output",
                output.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("snapshot " + damaged + " refused");
        assertThat(local.tasksStarted.get()).isEqualTo(tasksBefore);
        assertThat(output).doesNotExist();
    }

    @Test
    void anExecutorRefusesASnapshotThatIsNotTheDriversVersion() {
        ListRef other = new ListRef(
                "vendor",
                "v1",
                vendorV1.checksum(),
                vendorV1.file().toString(),
                false,
                vendorV2.checksum(),
                MAX_DISTANCE,
                false,
                null,
                null);
        var counter = local.spark.sparkContext().longAccumulator();
        assertThatThrownBy(() -> ExecutorSnapshots.get(other, counter, counter))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has checksum " + vendorV1.checksum())
                .hasMessageContaining("the driver verified " + vendorV2.checksum());
    }
}
