package io.hashmatch.bench;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.VariantPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost ratio of query-side variants ({@link VariantPolicy#QUERY}) to plain PDQ, end to end per file
 * ({@link FileHasher#hash(Path)}), with both hashers interleaved file by file in one operation: each file is hashed
 * plainly and with variants, in alternating order, and each hash's CPU time goes to its own counter. {@link
 * VariantHashBenchmark} measures the two in separate windows of the run, so a host whose speed drifts within a run
 * (this project's VM does, by up to 1.5x over minutes) moves its ratio by as much; here both sides see the same
 * moments. Read {@code queryCpuUs / plainCpuUs} (totals over the measured iterations): the target is at most 3.
 *
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar VariantCostRatioBenchmark \
 *     -p corpus=DIR -f 1 -wi 2 -w 5s -i 8 -r 8s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class VariantCostRatioBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Corpus directory; empty means the default (see {@link Corpus}). */
    @Param({""})
    public String corpus;

    Path[] files;
    FileHasher plain;
    FileHasher query;

    /** CPU time of each side, microseconds, summed over the files of the measured operations. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class SideCpu {
        public long plainCpuUs;
        public long queryCpuUs;

        @Setup(Level.Iteration)
        public void reset() {
            plainCpuUs = 0;
            queryCpuUs = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        files = Corpus.files(corpus).toArray(Path[]::new);
        plain = FileHasher.newBuilder().build();
        query = FileHasher.newBuilder().variants(VariantPolicy.QUERY).build();
        System.err.printf("%n# plain PDQ and query variants interleaved: %d files%n", files.length);
    }

    @Benchmark
    public long interleaved(SideCpu cpu) {
        long acc = 0;
        long plainNanos = 0;
        long queryNanos = 0;
        for (int i = 0; i < files.length; i++) {
            boolean plainFirst = (i & 1) == 0;
            for (int side = 0; side < 2; side++) {
                boolean isPlain = plainFirst == (side == 0);
                long t0 = THREADS.getCurrentThreadCpuTime();
                FileHashes h = (isPlain ? plain : query).hash(files[i]);
                long spent = THREADS.getCurrentThreadCpuTime() - t0;
                if (isPlain) {
                    plainNanos += spent;
                } else {
                    queryNanos += spent;
                }
                var pdq = h.pdq();
                acc ^= (pdq == null ? 0 : pdq.hash().w0()) + h.variants().size();
            }
        }
        cpu.plainCpuUs += plainNanos / 1000;
        cpu.queryCpuUs += queryNanos / 1000;
        return acc;
    }
}
