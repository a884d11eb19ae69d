package io.hashmatch.bench;

import dev.brachtendorf.jimagehash.hash.Hash;
import dev.brachtendorf.jimagehash.hashAlgorithms.PerceptiveHash;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer baseline: JImageHash 1.0.0's perceptual hash ({@link PerceptiveHash}, 64-bit resolution), the
 * usual pure-Java choice, on the same corpus in the same run as the PDQ benchmarks.
 *
 * <ul>
 *   <li>{@link #hashDecoded} / {@link #hashDecodedTwoThreads}: hash stage only, from {@link BufferedImage}s
 *       decoded in setup with {@code ImageIO.read} (the peer's own input type) — compare with
 *       {@code PdqHashStageBenchmark};</li>
 *   <li>{@link #fromFile} / {@link #fromFileTwoThreads}: end to end, {@code ImageIO.read(file)} + hash —
 *       compare with {@code EndToEndBenchmark}. The classpath carries TwelveMonkeys' JPEG reader (an engine
 *       dependency), so {@code ImageIO} reads CMYK and progressive JPEGs too.</li>
 * </ul>
 * One operation processes every corpus image once: images/s = score (ops/s, summed over threads) x images. Each thread owns its {@code PerceptiveHash}; with two threads each thread processes the whole
 * corpus per operation (throughput of two workers). Setup prints how many files {@code ImageIO}
 * cannot decode (none of the reference corpus).
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar PeerBenchmark \
 *     -f 1 -wi 1 -w 2s -i 3 -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx6g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class PeerBenchmark {

    /** Corpus directory; empty means the default (see {@link Corpus}). */
    @Param({""})
    public String corpus;

    Path[] files;

    @Setup(Level.Trial)
    public void listCorpus() {
        files = Corpus.files(corpus).toArray(Path[]::new);
    }

    /** The corpus decoded once by ImageIO, for the hash-stage comparison. */
    @State(Scope.Benchmark)
    public static class Decoded {
        BufferedImage[] images;

        @Setup(Level.Trial)
        public void decode(PeerBenchmark b) throws IOException {
            List<BufferedImage> out = new ArrayList<>();
            int failed = 0;
            for (Path file : b.files) {
                BufferedImage image = read(file);
                if (image == null) {
                    failed++;
                } else {
                    out.add(image);
                }
            }
            images = out.toArray(BufferedImage[]::new);
            System.err.printf("%n# peer: %d images decoded by ImageIO, %d not%n", images.length, failed);
        }
    }

    /** JImageHash's algorithm objects are not documented as thread-safe: one per thread. */
    @State(Scope.Thread)
    public static class Peer {
        PerceptiveHash phash;

        @Setup(Level.Trial)
        public void create() {
            phash = new PerceptiveHash(64);
        }
    }

    @Benchmark
    public long hashDecoded(Decoded d, Peer p, CpuTime cpu) {
        return hashAll(d.images, p.phash, cpu);
    }

    @Benchmark
    @Threads(2)
    public long hashDecodedTwoThreads(Decoded d, Peer p, CpuTime cpu) {
        return hashAll(d.images, p.phash, cpu);
    }

    @Benchmark
    public long fromFile(Peer p, CpuTime cpu) {
        return fileAll(p.phash, cpu);
    }

    @Benchmark
    @Threads(2)
    public long fromFileTwoThreads(Peer p, CpuTime cpu) {
        return fileAll(p.phash, cpu);
    }

    private static long hashAll(BufferedImage[] images, PerceptiveHash phash, CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        for (BufferedImage image : images) {
            Hash h = phash.hash(image);
            acc ^= h.getHashValue().longValue();
        }
        cpu.stop(t0, images.length);
        return acc;
    }

    private long fileAll(PerceptiveHash phash, CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        int done = 0;
        for (Path file : files) {
            BufferedImage image = read(file);
            if (image != null) {
                acc ^= phash.hash(image).getHashValue().longValue();
                done++;
            }
        }
        cpu.stop(t0, done);
        return acc;
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
