package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.video.VpdqFile;
import io.hashmatch.video.VpdqFormatException;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/match/video} when a video hit is a suppression hit: served snapshot {@code fp} holds the known
 * video twice, as a positive entry (0) and as a known false positive ({@code NEGATIVE_CLASS}, suppression entry 1),
 * and an unrelated video (entry 2); list {@code videos} is the known video imported from its vPDQ file. The known
 * video hits entries 0 and 1 of {@code fp} and entry 0 of {@code videos}, never entry 2; the suppression entry marks
 * every other hit suppressed, on every list, so the answer is not a match.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoSuppressionRoutesTest extends ServedRoutesFixture implements TestPropertyProvider {
    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("hashmatch-video-suppression");
            SnapshotWriter w = SnapshotWriter.create("fp", "v1");
            int positive = w.addEntry("POSITIVE_CLASS", null, false);
            w.addVideo(positive, frames(VideoRoutesTest.KNOWN));
            int falsePositive = w.addEntry("NEGATIVE_CLASS", null, true);
            w.addVideo(falsePositive, frames(VideoRoutesTest.KNOWN));
            int unrelated = w.addEntry("POSITIVE_CLASS", null, false);
            w.addVideo(unrelated, frames(VideoRoutesTest.UNRELATED));
            Path snapshot = dir.resolve("fp.hmsnap");
            w.write(snapshot);
            return Map.of(
                    "hashmatch.lists[0]",
                    snapshot.toString(),
                    "hashmatch.lists[1]",
                    "videos=" + vpdq(VideoRoutesTest.KNOWN),
                    "hashmatch.work-dir",
                    dir.resolve("work").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path vpdq(String video) {
        return VideoRoutesTest.VPDQ
                .resolve("hashes_r1")
                .resolve(video + ".txt")
                .toAbsolutePath()
                .normalize();
    }

    private static List<VpdqFrame> frames(String video) throws IOException {
        try (Reader in = Files.newBufferedReader(vpdq(video))) {
            return VpdqFile.read(in, video);
        } catch (VpdqFormatException e) {
            throw new IOException(e);
        }
    }

    @Test
    void aSuppressionEntryHitMarksEveryOtherVideoHitSuppressedAndNothingMatches() throws IOException {
        String expected = "{\"video\":{\"frames\":10,\"framesPerSecond\":25.0,\"decodedFrames\":250,\"width\":320,"
                + "\"height\":240},\"lists\":["
                + "{\"name\":\"fp\",\"version\":\"v1\",\"checksum\":\"" + checksum("fp") + "\",\"videos\":3},"
                + "{\"name\":\"videos\",\"version\":\"" + version("videos") + "\",\"checksum\":\""
                + checksum("videos") + "\",\"videos\":1}],\"hits\":["
                + "{\"list\":\"fp\",\"entry\":0,\"category\":\"POSITIVE_CLASS\",\"suppressed\":true,"
                + "\"queryMatchedPercent\":\"100.00\",\"comparedMatchedPercent\":\"100.00\"},"
                + "{\"list\":\"fp\",\"entry\":1,\"category\":\"NEGATIVE_CLASS\",\"suppressing\":true,"
                + "\"queryMatchedPercent\":\"100.00\",\"comparedMatchedPercent\":\"100.00\"},"
                + "{\"list\":\"videos\",\"entry\":0,\"source\":\"" + VideoRoutesTest.KNOWN + ".txt\","
                + "\"suppressed\":true,\"queryMatchedPercent\":\"100.00\",\"comparedMatchedPercent\":\"100.00\"}"
                + "],\"matched\":false}";
        assertThat(http.post("/v1/match/video", "video/mp4", VideoRoutesTest.video(VideoRoutesTest.KNOWN)))
                .isEqualTo(new Http.Answer(200, "application/json", expected));
    }

    @Test
    void withoutTheSuppressionListTheSameVideoMatches() throws IOException {
        String expected = "{\"video\":{\"frames\":10,\"framesPerSecond\":25.0,\"decodedFrames\":250,\"width\":320,"
                + "\"height\":240},\"lists\":[{\"name\":\"videos\",\"version\":\"" + version("videos")
                + "\",\"checksum\":\"" + checksum("videos") + "\",\"videos\":1}],\"hits\":["
                + "{\"list\":\"videos\",\"entry\":0,\"source\":\"" + VideoRoutesTest.KNOWN + ".txt\","
                + "\"queryMatchedPercent\":\"100.00\",\"comparedMatchedPercent\":\"100.00\"}"
                + "],\"matched\":true}";
        assertThat(http.post("/v1/match/video?lists=videos", "video/mp4", VideoRoutesTest.video(VideoRoutesTest.KNOWN)))
                .isEqualTo(new Http.Answer(200, "application/json", expected));
    }
}
