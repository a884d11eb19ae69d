package io.hashmatch.bench.index;

import io.hashmatch.index.HashListFixture;
import io.hashmatch.index.IndexStrategy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * Build time of each strategy's section, one shot per iteration; the section size (bytes per entry) is
 * printed at the end of each trial ("section: ... bytes/entry").
 *
 * <p>Run:
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * java -Xmx8g -jar bench/target/benchmarks.jar IndexBuildBenchmark -f 1 -wi 1 -i 3 -p size=1000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IndexBuildBenchmark {
    @Param({"1000000"})
    int size;

    @Param({"BRUTE_FORCE", "MULTI_INDEX", "BK_TREE"})
    IndexStrategy strategy;

    private Arena hashArena;
    private MemorySegment hashes;
    private Arena sectionArena;
    private long sectionBytes;

    @Setup(Level.Trial)
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the trial: closed by tearDown()
    public void setUp() {
        hashArena = Arena.ofShared();
        hashes = HashListFixture.segment(HashListFixture.hashList(size, 1), hashArena);
    }

    @Setup(Level.Iteration)
    @SuppressWarnings("MustBeClosedChecker") // the arena lives for the iteration: closed by freeSection()
    public void newArena() {
        sectionArena = Arena.ofShared();
    }

    @TearDown(Level.Iteration)
    public void freeSection() {
        sectionArena.close();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf(
                "%nsection: %s size=%d %d bytes, %.1f bytes/entry%n",
                strategy, size, sectionBytes, sectionBytes / (double) size);
        hashArena.close();
    }

    @Benchmark
    public long build() {
        sectionBytes = strategy.build(hashes, sectionArena).byteSize();
        return sectionBytes;
    }
}
