package io.hashmatch.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;

import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
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
 * Decoding the corpus's PNGs, one thread, three ways in the same run: the engine's {@link ImageDecoder} (its PNG
 * decoder in Java over the JDK's zlib), OpenCV's {@code imdecode} with {@code IMREAD_UNCHANGED} (libpng, what the
 * engine used for PNG before) and the JDK's ImageIO PNG reader (the library alternative). One operation decodes every
 * PNG of the corpus once: ms per PNG = score / PNGs (printed at setup). {@link CpuTime} adds CPU time.
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar PngDecodeBenchmark \
 *     -f 1 -wi 2 -w 3s -i 5 -r 3s
 * </pre>
 * Add {@code -p corpus=DIR} for another corpus (default {@code ../shared/pdq/images} from the project root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx4g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class PngDecodeBenchmark {

    /** Corpus directory; empty means the default (see {@link Corpus}). */
    @Param({""})
    public String corpus;

    private final List<ByteBuffer> heap = new ArrayList<>();
    private final List<ByteBuffer> direct = new ArrayList<>();
    private final List<byte[]> arrays = new ArrayList<>();
    private final ImageDecoder decoder = new ImageDecoder();

    @Setup(Level.Trial)
    public void load() throws IOException {
        long bytes = 0;
        long pixels = 0;
        for (Path file : Corpus.files(corpus)) {
            byte[] b = Files.readAllBytes(file);
            if (b.length < 8 || b[0] != (byte) 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G') {
                continue;
            }
            arrays.add(b);
            heap.add(ByteBuffer.wrap(b));
            direct.add(ByteBuffer.allocateDirect(b.length).put(b).flip());
            bytes += b.length;
            pixels += (long) ByteBuffer.wrap(b).getInt(16) * ByteBuffer.wrap(b).getInt(20);
        }
        System.err.printf(
                "%n# png decode: %d PNGs, %.1f MB of files, %.1f megapixels%n",
                arrays.size(), bytes / 1e6, pixels / 1e6);
    }

    /** The engine's decoder (PNG in Java). */
    @Benchmark
    public long engine(CpuTime cpu) throws DecodeException {
        long t0 = cpu.start();
        long acc = 0;
        for (ByteBuffer png : heap) {
            try (DecodedImage d = decoder.decode(png)) {
                acc += d.pixels().get(d.pixels().capacity() - 1);
            }
        }
        cpu.stop(t0, heap.size());
        return acc;
    }

    /** OpenCV's imdecode (libpng), from native memory as the engine handed it over. */
    @Benchmark
    public long openCv(CpuTime cpu) {
        long t0 = cpu.start();
        long acc = 0;
        for (ByteBuffer png : direct) {
            try (BytePointer pointer = new BytePointer(png);
                    Mat encoded = new Mat(1, png.remaining(), CV_8UC1, pointer);
                    Mat decoded = opencv_imgcodecs.imdecode(encoded, IMREAD_UNCHANGED)) {
                acc += decoded.cols();
            }
        }
        cpu.stop(t0, direct.size());
        return acc;
    }

    /** The JDK's ImageIO PNG reader, raster as read (no colour conversion). */
    @Benchmark
    public long imageIo(CpuTime cpu) throws IOException {
        long t0 = cpu.start();
        long acc = 0;
        for (byte[] png : arrays) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                acc += image.getRaster().getNumBands();
            } finally {
                reader.dispose();
            }
        }
        cpu.stop(t0, arrays.size());
        return acc;
    }
}
