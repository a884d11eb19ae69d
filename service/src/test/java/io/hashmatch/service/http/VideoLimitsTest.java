package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A video's match runs within the request limits as hashes and images do ({@link SearchPolicy}): its hits count
 * against {@code max-hits-per-request}, here 1, with the typed 422 {@code too_many_hits} one hit over. The known video
 * of {@link VideoRoutesTest} is in two lists, so it hits once per list.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.limits.max-hits-per-request", value = "1")
class VideoLimitsTest extends ServedRoutesFixture {
    @BeforeEach
    void videoLists() throws IOException {
        VideoRoutesTest.serveKnownVideo(this, "videos");
        VideoRoutesTest.serveKnownVideo(this, "videos2");
    }

    @Test
    void oneHitOverTheLimitIsRefusedWithTheTypedErrorOfImages() throws IOException {
        byte[] known = VideoRoutesTest.video(VideoRoutesTest.KNOWN);
        Http.Answer one = http.post("/v1/match/video?lists=videos", "video/mp4", known);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.body()).contains("\"hits\":[{\"list\":\"videos\",\"entry\":0,");
        assertThat(http.post("/v1/match/video?lists=videos,videos2", "video/mp4", known))
                .isEqualTo(new Http.Answer(
                        422,
                        "application/json",
                        "{\"error\":{\"code\":\"too_many_hits\",\"message\":\"the answer would hold more than 1 hits"
                                + " (hashmatch.limits.max-hits-per-request): send a smaller maxDistance or fewer"
                                + " lists\"}}"));
    }
}
