package io.hashmatch.bench;

import io.hashmatch.video.VideoDecodeException;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * vPDQ hashing of one video file per operation, single thread: {@link VideoHasher} hashing every frame
 * ({@code -r 0}) and one frame per second ({@code -r 1}, the reference's usual setting), against the baseline
 * {@link #decodeOnly}: the same {@code FFmpegFrameGrabber} decode + BGR conversion of every frame with no
 * hashing, measured in the same run. frames/s = ops/s x decoded frames; seconds of video/s = ops/s x duration.
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar VideoHashBenchmark \
 *     -f 1 -wi 1 -w 2s -i 3 -r 3s
 * </pre>
 * Videos: {@code ../shared/vpdq/videos} from the project root (or {@code -p dir=DIR}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
public class VideoHashBenchmark {
    /** Directory of the videos; empty means {@code ../shared/vpdq/videos} above the working directory. */
    @Param("")
    public String dir;

    /** H.264 320x240 25 fps 10 s; VP9 480x360 30 fps 10 s; H.264 1280x720 30 fps 6 s. */
    @Param({"v1_testsrc2_320x240_25fps_10s.mp4", "v4_life_480x360_30fps_10s.webm", "v6_gradients_1280x720_30fps_6s.mp4"
    })
    public String video;

    private Path file;
    private final VideoHasher everyFrame = new VideoHasher(0f, VideoHasher.NO_PRUNING);
    private final VideoHasher onePerSecond = new VideoHasher(1f, VideoHasher.NO_PRUNING);

    @Setup
    public void setup() throws Exception {
        Path base = dir.isEmpty() ? sharedVideos() : Path.of(dir);
        file = base.resolve(video);
        VideoHash h = everyFrame.hash(file, VideoLimits.DEFAULT);
        System.out.printf(
                "%n%s: %d frames, %.3f fps, %.3f s, %dx%d%n",
                video, h.decodedFrames(), h.framesPerSecond(), h.decodedSeconds(), h.width(), h.height());
    }

    private static Path sharedVideos() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/vpdq/videos");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no shared/vpdq/videos above " + Path.of("").toAbsolutePath() + "; use -p dir=");
    }

    /** Baseline: decode and convert every frame to BGR exactly as the hasher does, hash nothing. */
    @Benchmark
    public long decodeOnly() throws Exception {
        long sum = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.setImageScalingFlags(swscale.SWS_AREA);
            g.start();
            for (Frame f = g.grabImage(); f != null; f = g.grabImage()) {
                sum += f.imageWidth;
            }
        }
        return sum;
    }

    @Benchmark
    public VideoHash hashEveryFrame() throws VideoDecodeException {
        return everyFrame.hash(file, VideoLimits.DEFAULT);
    }

    @Benchmark
    public VideoHash hashOnePerSecond() throws VideoDecodeException {
        return onePerSecond.hash(file, VideoLimits.DEFAULT);
    }
}
