package io.hashmatch.bench;

import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageDecoder;
import io.hashmatch.hash.PdqHasher;
import io.hashmatch.hash.PdqMode;
import io.hashmatch.hash.PdqResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The PDQ hash stage alone: luma, Jarosz blur, 64x64 decimation, DCT, median, from pixels that are already
 * decoded. One operation hashes every corpus image once (no dihedral variants): images/s = score (ops/s,
 * summed over threads) x images; {@link CpuTime} adds images per CPU-second.
 *
 * <p>Setup decodes the corpus once with the engine's own {@link ImageDecoder} (exact, OpenCV), so the pixels
 * are exactly what production hashes, held in OpenCV's native memory as in production; they are shared
 * read-only by all threads ({@code PdqHasher} reads them with absolute gets only). Each thread owns its
 * {@link PdqHasher} ({@code Scope.Thread}) and hashes the whole corpus per operation, so {@link #twoThreads}
 * measures throughput of two independent hashers, not one corpus split in two.
 *
 * <p>{@link #baselineTouchPixels} reads every pixel byte once (a sum of longs): a memory-bandwidth floor for
 * the same data in the same run.
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar PdqHashStageBenchmark \
 *     -f 1 -wi 1 -w 2s -i 3 -r 3s
 * </pre>
 * Add {@code -p corpus=DIR} for another corpus (default {@code ../shared/pdq/images} from the project root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx6g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class PdqHashStageBenchmark {

    /** Corpus directory; empty means the default (see {@link Corpus}). */
    @Param({""})
    public String corpus;

    DecodedImage[] images;
    long totalPixelBytes;

    @Setup(Level.Trial)
    public void decodeCorpus() throws IOException {
        images = decodeAll(Corpus.files(corpus));
        for (DecodedImage image : images) {
            totalPixelBytes += (long) image.rowStride() * image.height();
        }
        System.err.printf(
                "%n# hash stage: %d images, %.1f MB of decoded pixels%n", images.length, totalPixelBytes / 1e6);
    }

    @TearDown(Level.Trial)
    public void release() {
        for (DecodedImage image : images) {
            image.close();
        }
    }

    /** Decodes every file with the engine's exact decoder; files it rejects are skipped (and counted). */
    static DecodedImage[] decodeAll(List<Path> files) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<DecodedImage> out = new ArrayList<>(files.size());
        int failed = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer direct = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
            direct.put(bytes).flip();
            try {
                out.add(decoder.decode(direct));
            } catch (DecodeException e) {
                failed++;
                System.err.println("# skipped " + file.getFileName() + ": " + e.getMessage());
            }
        }
        if (failed > 0) {
            System.err.println("# " + failed + " files could not be decoded and are not in the hash stage");
        }
        return out.toArray(DecodedImage[]::new);
    }

    /** One PdqHasher per thread: a hasher owns reusable buffers and is not thread-safe. */
    @State(Scope.Thread)
    public static class Hasher {
        /** Full resolution (HMA's hashes) or the C++ tool's 512x512 pre-resize. */
        @Param({"FULL_RESOLUTION", "REFERENCE_RESIZE"})
        public PdqMode mode;

        PdqHasher pdq;

        @Setup(Level.Trial)
        public void create() {
            pdq = new PdqHasher(mode);
        }
    }

    @Benchmark
    public long oneThread(Hasher h, CpuTime cpu) {
        return hashAll(h.pdq, cpu);
    }

    @Benchmark
    @Threads(2)
    public long twoThreads(Hasher h, CpuTime cpu) {
        return hashAll(h.pdq, cpu);
    }

    /** Same-run floor: read every decoded pixel byte once (8 bytes per step), no PDQ. */
    @Benchmark
    public long baselineTouchPixels(CpuTime cpu) {
        long t0 = cpu.start();
        long sum = 0;
        for (DecodedImage image : images) {
            ByteBuffer px = image.pixels();
            int n = image.rowStride() * image.height();
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                sum += px.getLong(i);
            }
            for (; i < n; i++) {
                sum += px.get(i);
            }
        }
        cpu.stop(t0, images.length);
        return sum;
    }

    private long hashAll(PdqHasher pdq, CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        for (DecodedImage image : images) {
            PdqResult r = pdq.hash(image, false);
            acc ^= r.hash().w0() + r.quality();
        }
        cpu.stop(t0, images.length);
        return acc;
    }
}
