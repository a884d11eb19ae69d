package io.hashmatch.bench;

import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.ImageDecoder;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end per file, as the CLI does it: {@link FileHasher#hash(Path)} reads the file once, computes MD5,
 * SHA-1 and SHA-256, sniffs and probes the format, decodes (OpenCV) and computes PDQ (no dihedral variants).
 * One operation hashes every corpus file once: images/s = score (ops/s, summed over threads) x files.
 *
 * <p>{@code fast=false} is exact decoding (bit-exact hashes); {@code fast=true} decodes JPEGs whose shorter
 * side exceeds 1024 px at 1/2..1/8 scale ({@code FileHasher.Builder.fast(true)}, the CLI's {@code --fast}).
 * One {@link FileHasher} is shared by all threads, as in the CLI (it keeps per-thread buffers). With two
 * threads ({@link #twoThreads}) each thread hashes the whole corpus per operation: throughput of two workers,
 * not one corpus split in two.
 *
 * <p>Same-run baselines: {@link #baselineReadBytes} ({@code Files.readAllBytes} of every file) and
 * {@link #baselineReadAndDigest} (the same plus MD5, SHA-1 and SHA-256 of the bytes): the ratio
 * {@code hash / baselineReadBytes} says how many times slower than just reading the files hashing them is.
 * The corpus (69 MB) stays in the page cache, so reads are memory copies, not disk I/O.
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar EndToEndBenchmark \
 *     -f 1 -wi 1 -w 2s -i 3 -r 3s
 * </pre>
 * Add {@code -p corpus=DIR} for another corpus, {@code -p mode=REFERENCE_RESIZE} for the C++ tool's 512 mode,
 * {@code -p subset=jpeg} (or {@code png}) to time one format alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class EndToEndBenchmark {

    /** Corpus directory; empty means the default (see {@link Corpus}). */
    @Param({""})
    public String corpus;

    /**
     * Which files of the corpus: {@code all}, or only those of one container format ({@code jpeg}, {@code png},
     * ...; the engine's format sniffer decides), to see where the time goes.
     */
    @Param({"all"})
    public String subset;

    Path[] files;

    @Setup(Level.Trial)
    public void listCorpus() throws IOException {
        List<Path> chosen = new ArrayList<>();
        for (Path file : Corpus.files(corpus)) {
            if (subset.equals("all") || subset.equalsIgnoreCase(formatOf(file))) {
                chosen.add(file);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalStateException("no corpus file in subset " + subset);
        }
        files = chosen.toArray(Path[]::new);
        System.err.printf("%n# end to end: %d files (subset %s)%n", files.length, subset);
    }

    private static String formatOf(Path file) throws IOException {
        try {
            return ImageDecoder.detectFormat(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .name();
        } catch (DecodeException e) {
            return "unknown";
        }
    }

    /** The engine's file hasher, shared by all threads as in the CLI. */
    @State(Scope.Benchmark)
    public static class Engine {
        /** Exact decoding, or reduced-scale decoding of large JPEGs. */
        @Param({"false", "true"})
        public boolean fast;

        /** PDQ mode; the default is full resolution. */
        @Param({"FULL_RESOLUTION"})
        public PdqMode mode;

        FileHasher hasher;
        final AtomicLong failures = new AtomicLong();

        @Setup(Level.Trial)
        public void build() {
            hasher = FileHasher.newBuilder().mode(mode).fast(fast).build();
        }

        @TearDown(Level.Trial)
        public void report() {
            if (failures.get() > 0) {
                System.err.println("# " + failures.get() + " file hashes failed (the files still count as processed)");
            }
        }
    }

    /** Per-thread digests for {@link #baselineReadAndDigest}. */
    @State(Scope.Thread)
    public static class Digests {
        MessageDigest md5;
        MessageDigest sha1;
        MessageDigest sha256;

        @Setup(Level.Trial)
        public void create() throws NoSuchAlgorithmException {
            md5 = MessageDigest.getInstance("MD5");
            sha1 = MessageDigest.getInstance("SHA-1");
            sha256 = MessageDigest.getInstance("SHA-256");
        }
    }

    @Benchmark
    public long oneThread(Engine e, CpuTime cpu) {
        return hashAll(e, cpu);
    }

    @Benchmark
    @Threads(2)
    public long twoThreads(Engine e, CpuTime cpu) {
        return hashAll(e, cpu);
    }

    @Benchmark
    public long baselineReadBytes(CpuTime cpu) throws IOException {
        long t0 = cpu.start();
        long acc = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            acc += bytes.length + (bytes.length > 0 ? bytes[bytes.length - 1] : 0);
        }
        cpu.stop(t0, files.length);
        return acc;
    }

    @Benchmark
    public long baselineReadAndDigest(Digests d, CpuTime cpu) throws IOException {
        long t0 = cpu.start();
        long acc = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            acc += d.md5.digest(bytes)[0] + d.sha1.digest(bytes)[0] + d.sha256.digest(bytes)[0];
        }
        cpu.stop(t0, files.length);
        return acc;
    }

    private long hashAll(Engine e, CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        for (Path file : files) {
            FileHashes h = e.hasher.hash(file);
            if (h.ok()) {
                acc ^= h.pdq().hash().w0();
            } else {
                e.failures.incrementAndGet();
            }
        }
        cpu.stop(t0, files.length);
        return acc;
    }
}
