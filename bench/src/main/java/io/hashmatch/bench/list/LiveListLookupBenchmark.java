package io.hashmatch.bench.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HashListFixture;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * One PDQ lookup (radius 31, the matcher's default) in a live list: a snapshot of {@code size} entries alone
 * ({@code delta=0}) and with a delta of {@code delta} additions (the fixture distribution: 80 % random hashes, 20 %
 * near-duplicates; queries half near a snapshot entry, half random). The delta's additions are searched through their
 * own multi-index beside the snapshot's ({@code ListDelta.View#searchPdq}); the setup waits until the background index
 * has caught up with the additions, so the ratio of the two scores is what a live list costs before compaction.
 *
 * <p>The snapshot of each size is built once and kept in {@code ${java.io.tmpdir}/hashmatch-live-bench/} for the
 * following forks and runs (delete it to rebuild; at 10 M its build takes minutes); the delta is made anew per fork,
 * in that directory. {@code -p snapshot=FILE} uses an existing snapshot instead (opened read-only, e.g. the one
 * {@code bench/load/make-list.sh} makes; {@code size} is then ignored), queries drawn from its own hashes.
 *
 * <p>Run (from the repository root; both deltas in the same run, the ratio is the figure):
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -Xmx12g -jar bench/target/benchmarks.jar LiveListLookupBenchmark -f 1 -wi 2 -i 5 -w 2s -r 2s \
 *     -p size=10000000 -p delta=0,100000
 * </pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LiveListLookupBenchmark {
    static final int QUERIES = 4096; // power of two: the query cursor wraps with a mask

    @Param({"1000000"})
    int size;

    @Param({"0", "100000"})
    int delta;

    /** An existing snapshot to search, or empty: one of {@code size} fixture entries. */
    @Param({""})
    String snapshot;

    private Path dir;
    private HashListSnapshot base;
    private ListDelta changes;
    private Matcher matcher;
    private Query[] queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "hashmatch-live-bench"));
        long[] list;
        if (snapshot.isEmpty()) {
            list = HashListFixture.hashList(size, 1);
            Path file = dir.resolve("live-" + size + ".hmsnap");
            if (!Files.exists(file)) {
                SnapshotWriter w = SnapshotWriter.create("bench", "1");
                for (int i = 0; i < size; i++) {
                    w.addPdq(w.addEntry(), HashListFixture.hash(list, i));
                }
                Path building = dir.resolve("live-" + size + ".hmsnap.building");
                w.write(building);
                Files.move(building, file, StandardCopyOption.ATOMIC_MOVE);
            }
            base = HashListSnapshot.open(file);
        } else {
            base = HashListSnapshot.open(Path.of(snapshot));
            list = new long[Math.multiplyExact(base.pdqCount(), 4)];
            for (int i = 0; i < base.pdqCount(); i++) {
                PdqHash h = base.pdqHash(i);
                for (int w = 0; w < 4; w++) {
                    list[i * 4 + w] = h.word(w);
                }
            }
        }
        long[] queryWords = HashListFixture.queries(list, QUERIES, 2);
        queries = new Query[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] =
                    new Query("q" + q, HashListFixture.hash(queryWords, q), Query.QUALITY_UNKNOWN, null, null, null);
        }
        Path deltaFile = dir.resolve("delta-" + ProcessHandle.current().pid() + ListDelta.EXTENSION);
        Files.deleteIfExists(deltaFile);
        changes = ListDelta.open(deltaFile, base);
        long[] added = HashListFixture.hashList(Math.max(1, delta), 3);
        List<ListDelta.Change> batch = new ArrayList<>();
        for (int i = 0; i < delta; i++) {
            batch.add(new ListDelta.Add(HashListFixture.hash(added, i), null, ""));
            if (batch.size() == 10_000) {
                changes.append(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            changes.append(batch);
        }
        if (!changes.awaitIndex(Duration.ofMinutes(30))) {
            throw new IllegalStateException("the delta's index did not catch up");
        }
        matcher = Matcher.newBuilder()
                .addList(base, ListSettings.DEFAULTS, delta == 0 ? null : changes)
                .minQuality(0)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        changes.close();
        base.close();
        Files.deleteIfExists(changes.path());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int lookup() {
        return matcher.match(queries[next++ & (QUERIES - 1)]).hits().size();
    }
}
