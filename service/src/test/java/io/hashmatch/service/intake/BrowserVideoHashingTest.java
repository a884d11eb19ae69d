package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.service.console.BrowserScript;
import io.hashmatch.video.VideoComparison;
import io.hashmatch.video.VideoDecodeException;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vPDQ in the browser ({@code hashVideo} of {@code report/hash.mjs}, run in headless Debian Chromium by
 * {@code src/test/e2e/video-hash.e2e.mjs}) against the engine's vPDQ of the same files: the same frames are sampled
 * (indices and float32 timestamps exactly the engine's, 25, 30 and 29.97 fps, H.264 and VP9), and the hashes, made
 * from the browser's decoder and YUV to RGB conversion rather than FFmpeg's, match by the reference's rule
 * ({@code match-hashes-brute}, distance below 31, quality 50) at least {@link #MATCH_BOUND} % both ways, each frame
 * within {@link #FRAME_BOUND} bits of the engine's. The figures of each run are written to
 * {@code target/e2e-video/figures.tsv} (kept in {@code bench/RESULTS.md}). The same run also starts the frame rate's
 * correction from given wrong rough rates ({@link #ROUGH_RATES}) and checks it lands on each video's own rate.
 *
 * <p>Fails, never skips, when Chromium, node or the script's node_modules are missing.
 */
class BrowserVideoHashingTest {
    static final List<Path> VIDEOS = List.of(
            Path.of("..", "engine", "src", "test", "resources", "vpdq", "videos", "v1_testsrc2_320x240_25fps_10s.mp4"),
            Path.of(
                    "..",
                    "engine",
                    "src",
                    "test",
                    "resources",
                    "vpdq",
                    "videos",
                    "v1_testsrc2_320x240_25fps_10s__half.mp4"),
            Path.of(
                    "..",
                    "engine",
                    "src",
                    "test",
                    "resources",
                    "vpdq",
                    "videos",
                    "v3_smptebars_hue_640x360_30fps_6s.webm"),
            Path.of("..", "engine", "src", "test", "resources", "vpdq", "videos", "v5_cellauto_320x240_25fps_8s.mp4"),
            Path.of("src", "test", "resources", "intake", "videos", "v8_sierpinski_854x480_29.97fps_7s.mp4"));

    /**
     * Least match percentage, both ways. Measured: 100 % on every video (largest frame distance 4 bits); a frame off by
     * one in a moving video, or a colour matrix confused (BT.709 for BT.601: up to 30 bits, VPDQ.md), would fail it.
     */
    static final double MATCH_BOUND = 90.0;

    /** Largest distance of one frame from the engine's frame of the same index. Measured: at most 4. */
    static final int FRAME_BOUND = 16;

    /**
     * Videos and the wrong rough frame rates the correction must undo: rates that round to the true one, rates about a
     * whole frame per second off (a 25 fps video measured near 24 fps, as a CI run once saw) and NTSC rates read as
     * whole ones, and the reverse. The 24 fps video is made from the 25 fps one at run time. With a single check point
     * (8.5 s), 23.6 on the 25 fps video gave 23 fps: 23 fps puts a frame boundary 0.04 frames from the one shown.
     */
    static final Map<String, List<Double>> ROUGH_RATES = Map.of(
            "25", List.of(23.5, 23.6, 24.4, 24.6, 25.4, 25.6),
            "24", List.of(23.4, 23.6, 24.4, 24.6, 25.4),
            "30", List.of(29.4, 29.6, 30.4, 30.6),
            "29.97", List.of(29.4, 29.6, 30.4, 30.6));

    static final JsonMapper JSON = JsonMapper.createDefault();

    static final Path WORK = Path.of("target", "e2e-video");

    /** The script's results, from one browser run for both tests. */
    static Map<String, Object> report = Map.of();

    /** The videos of the rough rate runs, in ROUGH_LIST order, and each run's rough rate. */
    static final List<Path> ROUGH_VIDEOS = new ArrayList<>();

    static final List<Double> ROUGH = new ArrayList<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        BrowserScript.requireTools();
        Path work = Files.createDirectories(WORK);
        Map<String, Path> byRate = Map.of(
                "25", VIDEOS.get(0),
                "24", at24FramesPerSecond(VIDEOS.get(0), work.resolve("v1_testsrc2_320x240_24fps.webm")),
                "30", VIDEOS.get(2),
                "29.97", VIDEOS.get(4));
        StringBuilder roughList = new StringBuilder();
        ROUGH_RATES.forEach((rate, roughs) -> {
            for (double rough : roughs) {
                ROUGH_VIDEOS.add(byRate.get(rate));
                ROUGH.add(rough);
                roughList
                        .append(byRate.get(rate).toAbsolutePath().normalize())
                        .append('\t')
                        .append(rough)
                        .append('\n');
            }
        });
        Path list = work.resolve("videos.txt");
        Files.write(
                list,
                VIDEOS.stream()
                        .map(p -> p.toAbsolutePath().normalize().toString())
                        .toList());
        Path rough = work.resolve("rough.txt");
        Files.writeString(rough, roughList);
        Path results = work.resolve("results.json").toAbsolutePath();
        Path output = work.resolve("node-output.txt").toAbsolutePath();
        Files.deleteIfExists(results);
        ProcessBuilder pb = new ProcessBuilder("node", "video-hash.e2e.mjs")
                .directory(BrowserHashingTest.E2E.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("MODULE_DIR", BrowserHashingTest.MODULE_DIR.toAbsolutePath().toString());
        env.put("VIDEO_LIST", list.toAbsolutePath().toString());
        env.put("ROUGH_LIST", rough.toAbsolutePath().toString());
        env.put("RESULTS_FILE", results.toString());
        env.put("CHROMIUM", BrowserScript.CHROMIUM.toString());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process node = pb.start();
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly().waitFor();
            fail("the video run took more than 5 minutes: " + Files.readString(output));
        }
        String log = Files.readString(output);
        assertThat(node.exitValue()).as(log).isZero();
        report = JSON.readValue(Files.readString(results), Argument.mapOf(String.class, Object.class));
        assertThat(list(report.get("outside"))).as("requests outside the page").isEmpty();
        assertThat(list(report.get("pageErrors"))).isEmpty();
    }

    /** The frames of {@code source} re-encoded as VP8 in WebM at 24 fps (the FFmpeg build has no H.264 encoder). */
    private static Path at24FramesPerSecond(Path source, Path target) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile())) {
            g.start();
            try (FFmpegFrameRecorder r =
                    new FFmpegFrameRecorder(target.toFile(), g.getImageWidth(), g.getImageHeight())) {
                r.setFormat("webm");
                r.setVideoCodecName("libvpx");
                r.setFrameRate(24);
                r.setVideoBitrate(1_000_000);
                r.start();
                for (Frame f; (f = g.grabImage()) != null; ) {
                    r.record(f);
                }
                r.stop();
            }
        }
        return target;
    }

    @Test
    void theBrowsersVpdqSamplesTheEnginesFramesAndMatchesIt() throws Exception {
        List<Map<String, Object>> videos = maps(report.get("videos"));
        assertThat(videos).hasSize(VIDEOS.size());

        StringBuilder figures = new StringBuilder("video\tframes\tquery_pct\tcompared_pct\tmax_distance\tmillis\n");
        VideoHasher engine = new VideoHasher();
        for (int i = 0; i < VIDEOS.size(); i++) {
            Path video = VIDEOS.get(i);
            Map<String, Object> browser = videos.get(i);
            byte[] bytes = Files.readAllBytes(video);
            assertThat(browser.get("md5")).isEqualTo(hex("MD5", bytes));
            assertThat(browser.get("sha256")).isEqualTo(hex("SHA-256", bytes));
            assertThat(browser.get("vpdq")).as("vPDQ of %s in Chromium", video).isNotNull();
            List<Map<String, Object>> frames = maps(browser.get("vpdq"));
            VideoHash expected = engine.hash(video, VideoLimits.DEFAULT);
            assertThat(frames.stream()
                            .map(f -> ((Number) f.get("frame")).intValue())
                            .toList())
                    .as("frames sampled in %s", video)
                    .isEqualTo(expected.frames().stream()
                            .map(VpdqFrame::frameIndex)
                            .toList());
            List<VpdqFrame> got = new ArrayList<>();
            int maxDistance = 0;
            for (int k = 0; k < frames.size(); k++) {
                Map<String, Object> f = frames.get(k);
                VpdqFrame e = expected.frames().get(k);
                VpdqFrame b = new VpdqFrame(
                        ((Number) f.get("frame")).intValue(),
                        ((Number) f.get("quality")).intValue(),
                        PdqHash.fromHex((String) f.get("pdq")),
                        ((Number) f.get("timestamp")).floatValue());
                assertThat(b.timestampSeconds())
                        .as("timestamp of frame %d", b.frameIndex())
                        .isEqualTo(e.timestampSeconds());
                maxDistance = Math.max(maxDistance, b.hash().distance(e.hash()));
                got.add(b);
            }
            VideoComparison c = VideoMatcher.DEFAULT.compare(got, expected.frames());
            figures.append(video.getFileName())
                    .append('\t')
                    .append(frames.size())
                    .append('\t')
                    .append(VideoComparison.formatPercent(c.queryMatchedPercent()))
                    .append('\t')
                    .append(VideoComparison.formatPercent(c.comparedMatchedPercent()))
                    .append('\t')
                    .append(maxDistance)
                    .append('\t')
                    .append(browser.get("millis"))
                    .append('\n');
            assertThat(maxDistance).as("largest frame distance in %s", video).isLessThanOrEqualTo(FRAME_BOUND);
            assertThat(c.queryMatchedPercent()).as("%s", video).isGreaterThanOrEqualTo(MATCH_BOUND);
            assertThat(c.comparedMatchedPercent()).as("%s", video).isGreaterThanOrEqualTo(MATCH_BOUND);
        }
        Files.writeString(WORK.resolve("figures.tsv"), figures);
    }

    /**
     * Whatever rough rate the measurement gives (within half a frame per second of the true rate, or off by about a
     * whole one), the corrected rate samples the engine's frames: their indices and float32 timestamps, which differ
     * between every pair of candidate rates (frameMod = (int) fps, timestamp = index / fps).
     */
    @Test
    void aWrongRoughFrameRateIsCorrectedToTheVideosOwn() throws Exception {
        List<Map<String, Object>> runs = maps(report.get("rough"));
        assertThat(runs).hasSize(ROUGH.size());
        VideoHasher engine = new VideoHasher();
        Map<Path, VideoHash> expected = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Path video = ROUGH_VIDEOS.get(i);
            VideoHash hash = expected.computeIfAbsent(video, v -> {
                try {
                    return engine.hash(v, VideoLimits.DEFAULT);
                } catch (VideoDecodeException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(runs.get(i).get("vpdq"))
                    .as("vPDQ of %s from rough rate %s", video, ROUGH.get(i))
                    .isNotNull();
            List<String> got = maps(runs.get(i).get("vpdq")).stream()
                    .map(f -> f.get("frame") + "@" + ((Number) f.get("timestamp")).floatValue())
                    .toList();
            List<String> want = hash.frames().subList(0, 3).stream()
                    .map(f -> f.frameIndex() + "@" + f.timestampSeconds())
                    .toList();
            assertThat(got)
                    .as("frames of %s (%s fps) from rough rate %s", video, hash.framesPerSecond(), ROUGH.get(i))
                    .isEqualTo(want);
        }
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
