package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A report that carries a video's vPDQ (the frames the page's browser computed; here the engine's own, which the
 * browser's agree with: BrowserVideoHashingTest): the frames are stored exactly, the hotline sees them, and once
 * confirmed every hash of the report is in the hotline list: the image's SHA-256 and the video's MD5 and SHA-256 match
 * through {@code /v1/match/hashes}, the video itself through {@code /v1/match/video}. Frames beyond the cap, or on an
 * image, or out of order, are refused with their codes.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.intake.hotline-list", value = "HOTLINE-VIDEO")
@Property(name = "hashmatch.list-access.HOTLINE-VIDEO.live-changes", value = "false")
@Property(name = "hashmatch.intake.max-frames", value = "12")
class HotlineVideoTest {
    private static final long SEED = System.nanoTime();
    private static final Path VIDEO =
            Path.of("src", "test", "resources", "intake", "videos", "v8_sierpinski_854x480_29.97fps_7s.mp4");
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    EmbeddedServer server;

    @Inject
    Reports reports;

    @Inject
    ListRegistry registry;

    private Reporter reporter() {
        return new Reporter(server.getURL());
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static String framesJson(List<VpdqFrame> frames) {
        StringBuilder b = new StringBuilder("[");
        for (VpdqFrame f : frames) {
            b.append(b.length() > 1 ? "," : "")
                    .append("{\"frame\":")
                    .append(f.frameIndex())
                    .append(",\"timestamp\":")
                    .append(f.timestampSeconds())
                    .append(",\"pdq\":\"")
                    .append(f.hash().toHex())
                    .append("\",\"quality\":")
                    .append(f.quality())
                    .append('}');
        }
        return b.append(']').toString();
    }

    private static String video(String md5, String sha256, String frames) {
        return "{\"kind\":\"video\",\"md5\":\"" + md5 + "\",\"sha256\":\"" + sha256 + "\",\"vpdq\":" + frames + "}";
    }

    private static String body(String submission, String... items) {
        return "{\"submission\":\"" + submission
                + "\",\"lang\":\"en\",\"categories\":[],\"seenWhere\":\"\",\"contact\":\"\",\"items\":["
                + String.join(",", items) + "]}";
    }

    /** Submits {@code body} with a solved challenge: the answer, whatever its status. */
    private Reporter.Answer send(String body) {
        return reporter().post("/v1/report", reporter().solved(body));
    }

    private String listsMatching(String hash) {
        Reporter.Answer a = reporter().post("/v1/match/hashes", "{\"hashes\":[\"" + hash + "\"]}", TestKeys.MATCH);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.body();
    }

    @Test
    void aConfirmedVideoMatchesByItsHashesAndItsFrames() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        Random random = new Random(SEED);
        byte[] bytes = Files.readAllBytes(VIDEO);
        VideoHash hash = new VideoHasher().hash(VIDEO, VideoLimits.DEFAULT);
        List<VpdqFrame> frames = hash.frames();
        assertThat(frames).hasSize(8); // frames 0, 29, ..., 203 of 7 s at 29.97 frames a second
        String md5 = hex("MD5", bytes);
        String sha256 = hex("SHA-256", bytes);
        Reporter.Image image = Reporter.images(random, 1).get(0);
        String receipt =
                reporter().submit(body(Reporter.hex(random, 16), image.json(), video(md5, sha256, framesJson(frames))));
        long id = Reporter.caseOf(reports, receipt);
        assertThat(reports.frames(id)).as("seed %d", SEED).isEqualTo(Map.of(1, frames));

        Reporter.Answer queue = reporter().get("/v1/hotline/reports", TestKeys.HOTLINE);
        assertThat(queue.body())
                .contains("\"kind\":\"video\",\"md5\":\"" + md5 + "\",\"sha256\":\"" + sha256 + "\",")
                .contains("\"vpdq\":[{\"frame\":0,\"timestamp\":0.0,\"pdq\":\""
                        + frames.get(0).hash().toHex()
                        + "\",\"quality\":" + frames.get(0).quality() + "},{\"frame\":"
                        + frames.get(1).frameIndex()
                        + ",");
        assertThat(listsMatching("sha256:" + image.sha256())).doesNotContain("HOTLINE-VIDEO");

        Reporter.Answer confirmed = reporter().confirm(id);
        assertThat(confirmed.body()).contains("\"matches\":[\"HOTLINE-VIDEO\"]");
        for (String h : List.of(
                "md5:" + image.md5(), "sha256:" + image.sha256(), image.pdq(), "md5:" + md5, "sha256:" + sha256)) {
            assertThat(listsMatching(h)).as("%s, seed %d", h, SEED).contains("\"list\":\"HOTLINE-VIDEO\"");
        }
        // the confirmations write the list whole: an entry added beside them would be dropped by the next one
        Reporter.Answer added = reporter()
                .post(
                        "/v1/lists/HOTLINE-VIDEO/entries",
                        "{\"kind\":\"md5\",\"hash\":\"" + "ab".repeat(16) + "\"}",
                        TestKeys.ADMIN);
        assertThat(added.status()).as(added.body()).isEqualTo(409);
        assertThat(added.body()).contains("list_not_live", "live-changes: false");
        HttpResponse<String> v = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/match/video?lists=HOTLINE-VIDEO"))
                        .header("Authorization", "Bearer " + TestKeys.MATCH)
                        .header("Content-Type", "video/mp4")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(v.statusCode()).as(v.body()).isEqualTo(200);
        assertThat(v.body())
                .contains("\"videos\":1")
                .contains("{\"list\":\"HOTLINE-VIDEO\",\"entry\":1,\"queryMatchedPercent\":\"100.00\","
                        + "\"comparedMatchedPercent\":\"100.00\"}")
                .contains("\"matched\":true");

        // confirmed again: the list holds the report once, entry numbers unchanged
        reporter().confirm(id);
        Reporter.Answer csv = reporter().get("/v1/hotline/list?format=csv", TestKeys.HOTLINE);
        assertThat(csv.body())
                .isEqualTo("signal_type,signal_str,collab,category,tags,external_id,date_added,entry\n"
                        + "pdq," + image.pdq() + ",HOTLINE-VIDEO,,,,,0\n"
                        + "md5," + image.md5() + ",HOTLINE-VIDEO,,,,,0\n"
                        + "sha256," + image.sha256() + ",HOTLINE-VIDEO,,,,,0\n"
                        + "md5," + md5 + ",HOTLINE-VIDEO,,,,,1\n"
                        + "sha256," + sha256 + ",HOTLINE-VIDEO,,,,,1\n");
    }

    @Test
    void framesBeyondTheCapOnAnImageOrOutOfOrderAreRefused() throws Exception {
        Random random = new Random(SEED + 1);
        String md5 = Reporter.hex(random, 16);
        String sha256 = Reporter.hex(random, 32);
        List<String> thirteen = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            thirteen.add("{\"frame\":" + i * 30 + ",\"timestamp\":" + i + ",\"pdq\":\"" + Reporter.hex(random, 32)
                    + "\",\"quality\":100}");
        }
        String tooMany = "[" + String.join(",", thirteen) + "]";
        String twelve = "[" + String.join(",", thirteen.subList(0, 12)) + "]";
        Reporter.Answer a = send(body(Reporter.hex(random, 16), video(md5, sha256, tooMany)));
        assertThat(a.status()).as(a.body()).isEqualTo(413);
        assertThat(a.body()).contains("\"code\":\"too_many_frames\"");
        // twelve in one video, or in two together, are within the cap; thirteen across two videos are not
        assertThat(send(body(Reporter.hex(random, 16), video(md5, sha256, twelve)))
                        .status())
                .isEqualTo(200);
        String six = "[" + String.join(",", thirteen.subList(0, 6)) + "]";
        String seven = "[" + String.join(",", thirteen.subList(0, 7)) + "]";
        assertThat(send(body(Reporter.hex(random, 16), video(md5, sha256, six), video(md5, sha256, seven)))
                        .status())
                .isEqualTo(413);

        String onImage = Reporter.images(random, 1).get(0).json().replace("}", ",\"vpdq\":" + twelve + "}");
        Reporter.Answer b = send(body(Reporter.hex(random, 16), onImage));
        assertThat(b.status()).as(b.body()).isEqualTo(422);
        assertThat(b.body()).contains("items[0].vpdq goes with a video only");

        String backwards = "[" + thirteen.get(1) + "," + thirteen.get(0) + "]";
        Reporter.Answer c = send(body(Reporter.hex(random, 16), video(md5, sha256, backwards)));
        assertThat(c.status()).as(c.body()).isEqualTo(422);
        assertThat(c.body()).contains("items[0].vpdq[1].frame must be an index above the previous frame's");

        String badPdq = "[" + thirteen.get(0).replaceFirst("\"pdq\":\"[0-9a-f]{64}\"", "\"pdq\":\"xyz\"") + "]";
        Reporter.Answer d = send(body(Reporter.hex(random, 16), video(md5, sha256, badPdq)));
        assertThat(d.status()).as(d.body()).isEqualTo(422);
        assertThat(d.body()).contains("items[0].vpdq[0].pdq must be 64 lowercase hex digits");
    }
}
