package io.hashmatch.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken inputs, made at run time from the bundled test videos: each gives a typed {@link VideoDecodeException}
 * (or, where FFmpeg can still decode a prefix, exactly the frames of that prefix), within the time limit.
 */
class VideoRobustnessTest {
    private static final VpdqCorpus CORPUS = VpdqCorpus.bundled();
    private static final VideoLimits LIMITS = VideoLimits.DEFAULT.withTimeLimit(Duration.ofSeconds(30));

    private static byte[] bytes(String stem) throws Exception {
        return Files.readAllBytes(CORPUS.video(CORPUS.videos().stream()
                .filter(v -> v.stem().equals(stem))
                .findFirst()
                .orElseThrow()));
    }

    private static VideoDecodeError errorOf(byte[] video, VideoLimits limits) {
        try {
            new VideoHasher().hash(video, limits);
        } catch (VideoDecodeException e) {
            return e.error();
        }
        return null;
    }

    @Test
    void emptyInputs(@TempDir Path dir) throws Exception {
        assertThat(errorOf(new byte[0], LIMITS)).isEqualTo(VideoDecodeError.EMPTY_FILE);
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertThatThrownBy(() -> new VideoHasher().hash(empty, LIMITS))
                .isInstanceOf(VideoDecodeException.class)
                .extracting(e -> ((VideoDecodeException) e).error())
                .isEqualTo(VideoDecodeError.EMPTY_FILE);
        assertThatThrownBy(() -> new VideoHasher().hash(dir.resolve("missing.mp4"), LIMITS))
                .extracting(e -> ((VideoDecodeException) e).error())
                .isEqualTo(VideoDecodeError.IO_ERROR);
    }

    @Test
    void notAVideo() {
        byte[] noise = new byte[5000];
        new Random(8).nextBytes(noise);
        assertThat(errorOf(noise, LIMITS)).isEqualTo(VideoDecodeError.UNSUPPORTED_FORMAT);
        assertThat(errorOf("frameIndex,quality\n".getBytes(), LIMITS)).isEqualTo(VideoDecodeError.UNSUPPORTED_FORMAT);
    }

    /** The MP4 keeps its index (moov) at the end: cut anywhere, it cannot be opened. */
    @Test
    void truncatedMp4IsCorrupt() throws Exception {
        byte[] mp4 = bytes("v1_testsrc2_320x240_25fps_10s");
        for (int keep : new int[] {16, 400, mp4.length / 2, mp4.length - 100}) {
            assertThat(errorOf(Arrays.copyOf(mp4, keep), LIMITS))
                    .as("first " + keep + " bytes")
                    .isEqualTo(VideoDecodeError.CORRUPT_DATA);
        }
    }

    /** WebM cut in the middle: FFmpeg decodes the frames before the cut, and they equal the full file's. */
    @Test
    void truncatedWebmGivesAPrefixOfTheFrames() throws Exception {
        byte[] webm = bytes("v3_smptebars_hue_640x360_30fps_6s");
        VideoHasher hasher = new VideoHasher(0f, VideoHasher.NO_PRUNING);
        List<VpdqFrame> full = hasher.hash(webm, LIMITS).frames();
        VideoHash cut = hasher.hash(Arrays.copyOf(webm, webm.length / 2), LIMITS);
        assertThat(cut.frames().size()).isBetween(1, full.size() - 1);
        // the last decoded frame may be damaged by the cut; all before it are the full file's
        assertThat(cut.frames().subList(0, cut.frames().size() - 1))
                .isEqualTo(full.subList(0, cut.frames().size() - 1));
        assertThat(errorOf(Arrays.copyOf(webm, 60), LIMITS)).isEqualTo(VideoDecodeError.CORRUPT_DATA);
    }

    /** Bytes overwritten with noise inside the stream: a typed error or a result, never anything else. */
    @Test
    void corruptedBytesNeverEscapeAsAnotherException() throws Exception {
        Random random = new Random(42);
        for (String stem : List.of("v5_cellauto_320x240_25fps_8s", "v3_smptebars_hue_640x360_30fps_6s")) {
            byte[] original = bytes(stem);
            for (int trial = 0; trial < 6; trial++) {
                byte[] damaged = original.clone();
                int start = random.nextInt(damaged.length - 2000);
                for (int i = start; i < start + 1000; i++) {
                    damaged[i] = (byte) random.nextInt(256);
                }
                long t0 = System.nanoTime();
                try {
                    VideoHash hash = new VideoHasher().hash(damaged, LIMITS);
                    assertThat(hash.frames()).isNotEmpty();
                } catch (VideoDecodeException e) {
                    assertThat(e.error())
                            .isIn(
                                    VideoDecodeError.CORRUPT_DATA,
                                    VideoDecodeError.UNSUPPORTED_FORMAT,
                                    VideoDecodeError.NO_VIDEO_STREAM);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LIMITS.timeLimit());
            }
        }
    }

    @Test
    void limitsAreEnforced() throws Exception {
        byte[] mp4 = bytes("v1_testsrc2_320x240_25fps_10s");
        assertThat(errorOf(mp4, new VideoLimits(mp4.length - 1, 1 << 20, 3600, 1000, Duration.ofMinutes(1))))
                .isEqualTo(VideoDecodeError.FILE_TOO_LARGE);
        assertThat(errorOf(mp4, new VideoLimits(1 << 30, 320 * 240 - 1, 3600, 1000, Duration.ofMinutes(1))))
                .isEqualTo(VideoDecodeError.DIMENSIONS_TOO_LARGE);
        assertThat(errorOf(mp4, new VideoLimits(1 << 30, 320 * 240, 9.5, 1000, Duration.ofMinutes(1))))
                .isEqualTo(VideoDecodeError.TOO_LONG);
        assertThat(errorOf(mp4, new VideoLimits(1 << 30, 320 * 240, 3600, 249, Duration.ofMinutes(1))))
                .isEqualTo(VideoDecodeError.TOO_LONG);
        assertThat(new VideoHasher()
                        .hash(mp4, new VideoLimits(1 << 30, 320 * 240, 10, 250, Duration.ofMinutes(1)))
                        .decodedFrames())
                .isEqualTo(250);
        assertThat(errorOf(mp4, LIMITS.withTimeLimit(Duration.ofNanos(1)))).isEqualTo(VideoDecodeError.TIME_LIMIT);
    }

    /** An mvhd declaring a duration of about 50 days: refused before any frame is decoded. */
    @Test
    void absurdDeclaredDurationIsTooLong() throws Exception {
        byte[] mp4 = bytes("v1_testsrc2_320x240_25fps_10s");
        int mvhd = indexOf(mp4, "mvhd".getBytes());
        assertThat(mvhd).isPositive();
        assertThat(mp4[mvhd + 4]).isZero(); // version 0: 32-bit times
        int duration = mvhd + 4 + 4 + 4 + 4 + 4; // version/flags, creation, modification, timescale
        int timescale = ((mp4[duration - 4] & 0xff) << 24)
                | ((mp4[duration - 3] & 0xff) << 16)
                | ((mp4[duration - 2] & 0xff) << 8)
                | (mp4[duration - 1] & 0xff);
        assertThat(timescale).isPositive();
        byte[] patched = mp4.clone();
        patched[duration] = (byte) 0x7f;
        patched[duration + 1] = (byte) 0xff;
        patched[duration + 2] = (byte) 0xff;
        patched[duration + 3] = (byte) 0xff;
        VideoDecodeError error = errorOf(patched, LIMITS);
        if (error == null) {
            // FFmpeg took the track's duration instead of the movie header's: nothing absurd reached the hasher
            assertThat(new VideoHasher().hash(patched, LIMITS).decodedFrames()).isEqualTo(250);
        } else {
            assertThat(error).isEqualTo(VideoDecodeError.TOO_LONG);
        }
    }

    /** An audio-only Matroska file (made here with JavaCV's recorder): no video stream. */
    @Test
    void audioOnlyHasNoVideoStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, 1)) {
            recorder.setFormat("matroska");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            recorder.setSampleRate(8000);
            recorder.start();
            recorder.recordSamples(8000, 1, ShortBuffer.wrap(new short[8000]));
            recorder.stop();
        }
        byte[] audio = out.toByteArray();
        assertThat(VideoSniffer.detect(audio)).contains("matroska");
        assertThat(errorOf(audio, LIMITS)).isEqualTo(VideoDecodeError.NO_VIDEO_STREAM);
    }

    @Test
    void pruningDropsNearIdenticalConsecutiveFrames() throws Exception {
        byte[] mp4 = bytes("v5_cellauto_320x240_25fps_8s");
        List<VpdqFrame> all =
                new VideoHasher(0f, VideoHasher.NO_PRUNING).hash(mp4, LIMITS).frames();
        List<VpdqFrame> pruned = new VideoHasher(0f, 40).hash(mp4, LIMITS).frames();
        // oracle: keep a frame iff it is more than 40 bits from the last kept one
        List<VpdqFrame> expected = new java.util.ArrayList<>();
        for (VpdqFrame f : all) {
            if (expected.isEmpty() || f.hash().distance(expected.getLast().hash()) > 40) {
                expected.add(f);
            }
        }
        assertThat(pruned).isEqualTo(expected);
        assertThat(new VideoHasher(0f, 256).hash(mp4, LIMITS).frames()).containsExactly(all.getFirst());
        assertThat(new VideoHasher(0f, VideoHasher.NO_PRUNING).hash(mp4, LIMITS).frames())
                .hasSize(200);
    }

    @Test
    void badHasherArgumentsAreRejected() {
        assertThatThrownBy(() -> new VideoHasher(-1f, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoHasher(Float.NaN, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoHasher(1f, 257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoLimits(0, 1, 1, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
