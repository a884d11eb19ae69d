package io.hashmatch.bench;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.VariantPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of PDQ variants end to end: {@link FileHasher#hash(Path)} per file (read, MD5/SHA-1/SHA-256, sniff,
 * decode, PDQ) without variants, with the 8 dihedral hashes, with query-side variants
 * ({@link VariantPolicy#QUERY}) and with list-side variants ({@link VariantPolicy#LIST}), one thread, in the
 * same JMH run: the target is query variants at most 3x plain PDQ. One operation hashes every corpus file once:
 * images/s = score (ops/s) x files; the ratio of two scores is the cost ratio per image.
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar VariantHashBenchmark \
 *     -f 1 -wi 1 -w 2s -i 3 -r 3s
 * </pre>
 * Add {@code -p corpus=DIR} for another corpus than {@code ../shared/pdq/images}, e.g. the edited copies of
 * {@code bench/robust-matching.sh} ({@code bench/target/robust/corpus/edited/screenshot}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class VariantHashBenchmark {

    /** Corpus directory; empty means the default (see {@link Corpus}). */
    @Param({""})
    public String corpus;

    /** What is hashed besides the whole image's PDQ hash. */
    public enum Variants {
        /** Nothing: plain PDQ, the baseline. */
        NONE,
        /** The 8 dihedral hashes of the whole image (matching today). */
        DIHEDRAL,
        /** {@link VariantPolicy#QUERY}. */
        QUERY,
        /** {@link VariantPolicy#LIST}. */
        LIST
    }

    @Param({"NONE", "DIHEDRAL", "QUERY", "LIST"})
    public Variants variants;

    Path[] files;
    FileHasher hasher;
    final AtomicLong failures = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        List<Path> all = Corpus.files(corpus);
        files = all.toArray(Path[]::new);
        FileHasher.Builder b = FileHasher.newBuilder();
        hasher = switch (variants) {
            case NONE -> b.build();
            case DIHEDRAL -> b.dihedral(true).build();
            case QUERY -> b.variants(VariantPolicy.QUERY).build();
            case LIST -> b.variants(VariantPolicy.LIST).build();
        };
        System.err.printf("%n# variant hashing: %d files, variants %s%n", files.length, variants);
    }

    @TearDown(Level.Trial)
    public void report() {
        if (failures.get() > 0) {
            System.err.println("# " + failures.get() + " file hashes failed (the files still count as processed)");
        }
    }

    @Benchmark
    public long hashAll(CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        for (Path file : files) {
            FileHashes h = hasher.hash(file);
            var pdq = h.pdq();
            if (pdq != null) {
                acc ^= pdq.hash().w0() + h.variants().size();
            } else {
                failures.incrementAndGet();
            }
        }
        cpu.stop(t0, files.length);
        return acc;
    }
}
