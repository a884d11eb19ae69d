package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/match/video} over real HTTP, against a list made from Meta's vPDQ output for a bundled test
 * video (engine test resources, see {@code vpdq/README.md}); expected percentages from the reference's
 * {@code matches.tsv} (sampling r1, which is the service's one hash per second).
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class VideoRoutesTest extends ServedRoutesFixture {
    @Inject
    AuditLog auditLog;

    static final Path VPDQ = Path.of("..", "engine", "src", "test", "resources", "vpdq");
    static final String KNOWN = "v1_testsrc2_320x240_25fps_10s";
    static final String UNRELATED = "v5_cellauto_320x240_25fps_8s";
    static final Path IMAGE =
            Path.of("..", "engine", "src", "test", "resources", "pdq", "images", "degen_grad_16x16.png");

    @BeforeEach
    void videoList() throws IOException {
        serveKnownVideo(this, "videos");
    }

    /** Uploads the known video's vPDQ hashes as the list {@code list} of {@code routes}' service, unless it is served. */
    static void serveKnownVideo(ServedRoutesFixture routes, String list) throws IOException {
        if (!routes.registry.names().contains(list)) {
            Http.Answer put = routes.http.put(
                    "/v1/lists/" + list + "?version=v1",
                    "application/octet-stream",
                    Files.readAllBytes(VPDQ.resolve("hashes_r1").resolve(KNOWN + ".txt")));
            assertThat(put.status()).as(put.body()).isEqualTo(200);
        }
    }

    static byte[] video(String name) throws IOException {
        return Files.readAllBytes(VPDQ.resolve("videos").resolve(name + ".mp4"));
    }

    @Test
    void theKnownVideoHitsItsListEntryWithTheReferencePercentages() throws IOException {
        String expected = "{\"video\":{\"frames\":10,\"framesPerSecond\":25.0,\"decodedFrames\":250,\"width\":320,"
                + "\"height\":240},\"lists\":[{\"name\":\"videos\",\"version\":\"v1\",\"checksum\":\""
                + checksum("videos")
                + "\",\"videos\":1}],\"hits\":[{\"list\":\"videos\",\"entry\":0,\"source\":\"body\","
                + "\"queryMatchedPercent\":\"100.00\",\"comparedMatchedPercent\":\"100.00\"}],\"matched\":true}";
        assertThat(http.post("/v1/match/video?lists=videos", "video/mp4", video(KNOWN)))
                .isEqualTo(new Http.Answer(200, "application/json", expected));
        assertThat(http.postFile("/v1/match/video?lists=videos", "file", video(KNOWN))
                        .body())
                .isEqualTo(expected);
    }

    @Test
    void anUnrelatedVideoHasNoHitAndTheDemoListHasNoVideos() throws IOException {
        Http.Answer a = http.post("/v1/match/video", "application/octet-stream", video(UNRELATED));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body())
                .startsWith("{\"video\":{\"frames\":8,\"framesPerSecond\":25.0,\"decodedFrames\":200,")
                .contains("{\"name\":\"demo\",", "\"videos\":0}", "{\"name\":\"videos\",")
                .endsWith("\"hits\":[],\"matched\":false}");
    }

    /**
     * A video's match is recorded as the other match routes record theirs: the audit line carries its counts and the
     * list versions searched (the request's {@link MatchSummary}), and {@code /prometheus} counts the video
     * ({@code source="video"}) and its hits that count, per list.
     */
    @Test
    void aVideoMatchIsAuditedAndCountedAsTheOtherMatchRoutesRecordTheirs() throws IOException {
        String videos = "hashmatch_queries_matched_total{source=\"video\"}";
        String hits = "hashmatch_hits_total{list=\"videos\"}";
        double videosBefore = http.metric(videos);
        double hitsBefore = http.metric(hits);
        assertThat(http.post("/v1/match/video?lists=videos", "video/mp4", video(KNOWN))
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/v1/match/video?lists=videos", "video/mp4", video(UNRELATED))
                        .status())
                .isEqualTo(200);
        assertThat(http.metric(videos) - videosBefore).isEqualTo(2.0);
        assertThat(http.metric(hits) - hitsBefore).isEqualTo(1.0);

        auditLog.flush(); // the line is queued before the answer is sent
        List<String> lines = Files.readAllLines(auditLog.file());
        String line = "\\{\"time\":\"[0-9T:.Z-]+\",\"key\":\"test-admin\",\"route\":\"POST /v1/match/video\","
                + "\"status\":200,\"queries\":1,\"hits\":%d,\"matched\":%d,"
                + Pattern.quote("\"lists\":[\"videos@" + version("videos") + "#" + checksum("videos") + "\"]")
                + ",\"prev\":\"[0-9a-f]{64}\"}";
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(String.format(Locale.ROOT, line, 1, 1)));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(String.format(Locale.ROOT, line, 0, 0)));
    }

    /** The frame distance is held to a match key's cap on each list searched, as a PDQ distance is. */
    @Test
    void aMatchKeysFrameDistanceIsCappedAsItsPdqDistance() throws IOException {
        Http match = new Http(server.getURL(), TestKeys.MATCH);
        assertThat(match.post("/v1/match/video?lists=videos&maxDistance=32", "video/mp4", video(KNOWN)))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"invalid_max_distance\",\"message\":\"maxDistance must be 0..31 on"
                                + " list 'videos' for this key: 32\"}}"));
        assertThat(match.post("/v1/match/video?lists=videos&maxDistance=31", "video/mp4", video(KNOWN))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void badVideosGetTypedErrors() throws IOException {
        assertThat(http.post("/v1/match/video", "video/mp4", new byte[0]).status())
                .isEqualTo(400);
        byte[] noise = new byte[64 * 1024];
        new Random(5).nextBytes(noise);
        Http.Answer n = http.post("/v1/match/video", "video/mp4", noise);
        assertThat(n.status()).isEqualTo(415);
        assertThat(n.body()).contains("\"code\":\"unsupported_format\"");
        byte[] known = video(KNOWN);
        byte[] cut = java.util.Arrays.copyOf(known, 2000); // the header alone: no frame decodes
        Http.Answer c = http.post("/v1/match/video", "video/mp4", cut);
        assertThat(c.status()).as(c.body()).isEqualTo(422);
        assertThat(http.post("/v1/match/video?maxDistance=300", "video/mp4", known)
                        .status())
                .isEqualTo(400);
        assertThat(http.post("/v1/match/video?queryPercent=120", "video/mp4", known)
                        .status())
                .isEqualTo(400);
        assertThat(http.post("/v1/match/video?lists=nope", "video/mp4", known).status())
                .isEqualTo(404);
    }

    /**
     * A video that cannot be hashed is counted in {@code /prometheus} by its error code, as an image is
     * ({@code hashmatch_decode_errors_total}, {@code source="video"}), and not as an image.
     */
    @Test
    void videoDecodeErrorsAreCountedByTypeAsImageOnesAre() throws IOException {
        String unsupported = "hashmatch_decode_errors_total{source=\"video\",type=\"unsupported_format\"}";
        String imageUnsupported = "hashmatch_decode_errors_total{source=\"image\",type=\"unsupported_format\"}";
        double unsupportedBefore = http.metric(unsupported);
        double imageBefore = http.metric(imageUnsupported);
        byte[] noise = new byte[64 * 1024];
        new Random(5).nextBytes(noise);
        assertThat(http.post("/v1/match/video", "video/mp4", noise).status()).isEqualTo(415);
        assertThat(http.post("/v1/match/video", "application/octet-stream", Files.readAllBytes(IMAGE))
                        .status())
                .isEqualTo(415);
        Http.Answer cut = http.post("/v1/match/video", "video/mp4", java.util.Arrays.copyOf(video(KNOWN), 2000));
        assertThat(cut.status()).as(cut.body()).isEqualTo(422);
        java.util.regex.Matcher code = Pattern.compile("\"code\":\"([a-z_]+)\"").matcher(cut.body());
        assertThat(code.find()).as(cut.body()).isTrue();
        String cutType = "hashmatch_decode_errors_total{source=\"video\",type=\"" + code.group(1) + "\"}";
        double cutBefore = http.metric(cutType);
        assertThat(http.post("/v1/match/video", "video/mp4", java.util.Arrays.copyOf(video(KNOWN), 2000))
                        .status())
                .isEqualTo(422);

        assertThat(http.metric(unsupported) - unsupportedBefore).isEqualTo(2.0); // the noise and the image
        assertThat(http.metric(cutType) - cutBefore).isEqualTo(1.0);
        assertThat(http.metric(imageUnsupported) - imageBefore).isEqualTo(0.0);
        // a refused parameter is no decode error: nothing is decoded
        double unsupportedNow = http.metric(unsupported);
        assertThat(http.post("/v1/match/video?maxDistance=300", "video/mp4", noise)
                        .status())
                .isEqualTo(400);
        assertThat(http.metric(unsupported)).isEqualTo(unsupportedNow);
    }

    /**
     * Bytes the one video detector does not take get 415, not a hash by whatever FFmpeg makes of them: a YUV4MPEG2
     * stream (FFmpeg demuxes it; no container the detector knows) and an image.
     */
    @Test
    void unknownContainersAndImagesAreUnsupported() throws IOException {
        StringBuilder y4m = new StringBuilder("YUV4MPEG2 W16 H16 F25:1 Ip A1:1 C420jpeg\n");
        for (int frame = 0; frame < 25; frame++) {
            y4m.append("FRAME\n").append(String.valueOf((char) ('a' + frame)).repeat(16 * 16 * 3 / 2));
        }
        Http.Answer unknown = http.post(
                "/v1/match/video", "application/octet-stream", y4m.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(415);
        assertThat(unknown.body())
                .isEqualTo("{\"error\":{\"code\":\"unsupported_format\",\"message\":\"not a video container hashmatch"
                        + " recognises (" + VideoController.CONTAINERS + ")\"}}");
        Http.Answer image = http.post("/v1/match/video", "application/octet-stream", Files.readAllBytes(IMAGE));
        assertThat(image.status()).as(image.body()).isEqualTo(415);
        assertThat(image.body())
                .isEqualTo("{\"error\":{\"code\":\"unsupported_format\",\"message\":\"an image (png), not a video:"
                        + " match it with POST /v1/match/image\"}}");
    }

    @Test
    void aMatchKeyMayUseItAndNoKeyMayNot() throws IOException {
        assertThat(new Http(server.getURL(), null)
                        .post("/v1/match/video", "video/mp4", video(KNOWN))
                        .status())
                .isEqualTo(401);
        assertThat(new Http(server.getURL(), TestKeys.MATCH)
                        .post("/v1/match/video?lists=videos", "video/mp4", video(KNOWN))
                        .status())
                .isEqualTo(200);
    }
}
