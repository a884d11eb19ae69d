package io.hashmatch.bench.list;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ListReader;
import io.hashmatch.list.format.PdqRows;
import io.hashmatch.list.format.ReadOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a ThreatExchange CSV export of PDQ rows (the shape of the 10 M import), three ways, on the same file in the
 * same run: {@code bulkReader} is the import's bulk path ({@code TeCsvBulkReader}, through {@link ListImport#readInto},
 * two threads); {@code generalReader} is {@link ListReader}, which reads every list format and reports errors at
 * their line and column; {@code fastCsvBaseline} is the least a FastCSV-based reader must do: FastCSV records, the hex
 * parsed to a {@link PdqHash}, and the (collab, category, tags) combination of each row looked up in a map. Each
 * operation reads the whole file; the file (seeded, about 100 bytes per row, 20% of rows with tags, distinct hashes)
 * is written once in setup and is warm in the page cache.
 *
 * <p>Run (a few minutes):
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * nice -n 10 $JAVA_HOME/bin/java -Xmx4g -jar bench/target/benchmarks.jar TeCsvImportBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TeCsvImportBenchmark {
    @Param({"1000000"})
    int rows;

    private Path file;

    @Setup(Level.Trial)
    public void writeFile() throws IOException {
        file = Files.createTempFile("te-export-", ".csv");
        SplittableRandom random = new SplittableRandom(20261205L);
        List<String> collabs = List.of("Collab A", "collab-b", "ncmec-like");
        List<String> categories = List.of("POSITIVE_CLASS", "", "INVESTIGATION_SEED");
        HexFormat hex = HexFormat.of();
        byte[] hash = new byte[32];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("signal_type,signal_str,collab,category,tags\n");
            for (int i = 0; i < rows; i++) {
                random.nextBytes(hash);
                w.write("pdq,");
                w.write(hex.formatHex(hash));
                w.write(',');
                w.write(collabs.get(random.nextInt(collabs.size())));
                w.write(',');
                w.write(categories.get(random.nextInt(categories.size())));
                w.write(',');
                if (random.nextInt(5) == 0) {
                    w.write("tag" + random.nextInt(8) + " reviewed");
                }
                w.write('\n');
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long bulkReader() throws Exception {
        long[] bulkRows = new long[1];
        ListImport.readInto(List.of(ListImport.Source.of(file)), new ListImport.Sink() {
            @Override
            public void accept(ListEntry entry) {
                throw new IllegalStateException("the bulk path did not take the file");
            }

            @Override
            public void acceptPdqRows(PdqRows r) {
                bulkRows[0] += r.size();
            }
        });
        return check(bulkRows[0]);
    }

    @Benchmark
    public long generalReader() throws Exception {
        long n = 0;
        try (ListReader reader = ListReader.open(file, ReadOptions.DEFAULTS)) {
            for (ListEntry e; (e = reader.next()) != null; ) {
                n += e.line() > 0 ? 1 : 0;
            }
        }
        return check(n);
    }

    @Benchmark
    public long fastCsvBaseline() throws IOException {
        long n = 0;
        long bits = 0;
        Map<String, Integer> groups = new HashMap<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
            boolean header = true;
            for (CsvRecord r : csv) {
                if (header) {
                    header = false;
                    continue;
                }
                PdqHash h = PdqHash.fromHex(r.getField(1));
                bits += h.w0();
                String key = r.getField(2) + '\n' + r.getField(3) + '\n' + r.getField(4);
                groups.putIfAbsent(key, groups.size());
                n++;
            }
        }
        return check(n) + bits + groups.size();
    }

    private long check(long n) {
        if (n != rows) {
            throw new IllegalStateException("read " + n + " rows of " + rows);
        }
        return n;
    }
}
