package io.hashmatch.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance with Meta's vPDQ on the reference vectors (the bundled subset of 4 videos, or all 22 of
 * {@code ../shared/vpdq} when it exists, as {@code PdqConformanceTest} does for {@code ../shared/pdq}).
 *
 * <p>Measured with JavaCV 1.5.13 (FFmpeg 8.0.1) on this x86-64 machine: all 4650 frames of the 22 videos hash
 * bit-exactly like the reference (distance 0), so this test requires the reference's files byte for byte:
 * frame selection, indices, qualities, hashes, timestamps and formatting, for every sampling the reference
 * files cover ({@code -r 0}, {@code -r 1}, {@code -r 0.5}). {@code CONFORMANCE.md} beside the bundled vectors
 * records the measurement and what to expect on another CPU or FFmpeg build.
 */
class VideoConformanceTest {

    static List<VpdqCorpus.Video> videos() {
        return VpdqCorpus.best().videos();
    }

    /** Every frame hashed once; each sampling is then the reference's selection of those frames. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("videos")
    void everySamplingEqualsTheReferenceFileByteForByte(VpdqCorpus.Video video) throws Exception {
        VpdqCorpus corpus = VpdqCorpus.best();
        VideoHash all = new VideoHasher(0f, VideoHasher.NO_PRUNING).hash(corpus.video(video), VideoLimits.DEFAULT);
        assertThat(all.decodedFrames()).isEqualTo(video.linesR0());
        assertThat(all.width()).isEqualTo(video.width());
        assertThat(all.height()).isEqualTo(video.height());
        String[] rate = video.averageFrameRate().split("/");
        assertThat(all.framesPerSecond()).isEqualTo(Double.parseDouble(rate[0]) / Double.parseDouble(rate[1]));
        for (String sampling : List.of("r0", "r1", "r0.5")) {
            int frameMod = VideoHasher.frameMod(Float.parseFloat(sampling.substring(1)), all.framesPerSecond());
            List<VpdqFrame> sampled = all.frames().stream()
                    .filter(f -> f.frameIndex() % frameMod == 0)
                    .toList();
            assertThat(VpdqFile.format(sampled))
                    .as(sampling + " " + video.file())
                    .isEqualTo(corpus.referenceText(sampling, video.stem()));
        }
    }

    /** The sampling path of the hasher itself, straight from the file. */
    @ParameterizedTest
    @ValueSource(strings = {"r1", "r0.5"})
    void sampledHashingEqualsTheReferenceFile(String sampling) throws Exception {
        VpdqCorpus corpus = VpdqCorpus.bundled();
        VideoHasher hasher = new VideoHasher(Float.parseFloat(sampling.substring(1)), VideoHasher.NO_PRUNING);
        for (VpdqCorpus.Video video : corpus.videos()) {
            VideoHash hash = hasher.hash(corpus.video(video), VideoLimits.DEFAULT);
            assertThat(VpdqFile.format(hash.frames()))
                    .as(video.file())
                    .isEqualTo(corpus.referenceText(sampling, video.stem()));
        }
    }
}
