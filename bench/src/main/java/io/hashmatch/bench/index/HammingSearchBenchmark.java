package io.hashmatch.bench.index;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.BatchHitSink;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.index.HashListFixture;
import io.hashmatch.index.HitSink;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.index.SectionLayouts;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hamming range search per strategy, list size and radius, one thread, on the fixture distribution (80%
 * random hashes, 20% near-duplicates with 1-40 bits flipped; queries half near an entry with 0-40 bits
 * flipped, half random). {@code single}: one query per call, {@code SampleTime} (mean and percentiles);
 * {@code batch}: {@value #BATCH} queries per call, score per query.
 *
 * <p>Run (from the repository root; the brute force of the same run is the baseline):
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -Xmx8g -jar bench/target/benchmarks.jar 'HammingSearchBenchmark.single' -f 1 -wi 1 -i 3 -w 1s -r 2s \
 *     -p size=1000000 -p strategy=BRUTE_FORCE,MULTI_INDEX,BK_TREE -p radius=0,8,16,31
 * java -Xmx8g -jar bench/target/benchmarks.jar 'HammingSearchBenchmark.batch' -f 1 -wi 1 -i 3 -w 1s -r 2s \
 *     -p size=1000000 -p strategy=BRUTE_FORCE,MULTI_INDEX -p radius=0,8,16,31
 * </pre>
 * Add {@code -p size=10000000} (with {@code -Xmx12g}) for 10 M; leave BK_TREE out of {@code batch} at r >= 16
 * (a batch takes tens of seconds). {@code -p layout=5} times the multi-index section layout of snapshot version 7
 * (tagged slot tables with rests), {@code -p layout=4} that of version 6
 * (tagged slot tables), {@code -p layout=3} that of version 5 (slot tables without tags), {@code -p layout=2} that of version 4 (offset tables and folds), {@code -p layout=1}
 * that of versions 1 to 3 (no fold array), instead of today's
 * ({@code bench/lookup-fold.sh} alternates two of them).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HammingSearchBenchmark {
    static final int BATCH = 256;
    static final int QUERIES = 4096; // power of two: the query cursor wraps with a mask

    @Param({"1000000"})
    int size;

    @Param({"BRUTE_FORCE", "MULTI_INDEX", "BK_TREE"})
    IndexStrategy strategy;

    @Param({"0", "8", "16", "31"})
    int radius;

    /**
     * Multi-index section layout version (ignored by the other strategies): 6 = today's (wide 16-bit buckets with tags
     * of the next two chunks); 5 = tagged slot tables with the rest of the next chunk beside lone entries and
     * postings, folds; 4 = tagged slot tables; 3 = slot tables without
     * tags; 2 = offset tables with folds; 1 = offset tables without.
     */
    @Param({"6"})
    int layout;

    private Arena arena;
    private HammingIndex index;
    private long[] queryWords;
    private PdqHash[] queries;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial: closed by tearDown()
    public void setUp() {
        long[] list = HashListFixture.hashList(size, 1);
        queryWords = HashListFixture.queries(list, QUERIES, 2);
        queries = new PdqHash[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            queries[q] = HashListFixture.hash(queryWords, q);
        }
        arena = Arena.ofShared();
        MemorySegment hashes = HashListFixture.segment(list, arena);
        MemorySegment section = strategy == IndexStrategy.MULTI_INDEX && layout != SectionLayouts.MULTI_INDEX_CURRENT
                ? SectionLayouts.multiIndex(hashes, arena, layout)
                : strategy.build(hashes, arena);
        index = strategy.open(hashes, section);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public void single(Blackhole bh) {
        PdqHash query = queries[next++ & (QUERIES - 1)];
        HitSink sink = (entry, distance) -> bh.consume(entry + distance);
        index.search(query, radius, sink);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(BATCH)
    public void batch(Blackhole bh) {
        int first = next;
        next = (next + BATCH) & (QUERIES - 1);
        BatchHitSink sink = (query, entry, distance) -> bh.consume(query + entry + distance);
        index.searchBatch(batchAt(first), BATCH, radius, sink);
    }

    /** Queries {@code first .. first + BATCH - 1} as a flat array (preallocated views, no copying in the loop). */
    private long[] batchAt(int first) {
        return batches()[first / BATCH];
    }

    private long[][] batches;

    private long[][] batches() {
        if (batches == null) {
            batches = new long[QUERIES / BATCH][];
            for (int b = 0; b < QUERIES / BATCH; b++) {
                batches[b] = java.util.Arrays.copyOfRange(queryWords, 4 * b * BATCH, 4 * (b + 1) * BATCH);
            }
        }
        return batches;
    }
}
