package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A video's match runs within the request limits as hashes and images do ({@link SearchPolicy}): the frames of known
 * videos its searches find count against {@code max-examined-per-request}, here 1, with the typed 422
 * {@code search_too_wide} over it. The known video of {@link VideoRoutesTest} finds each of its ten frames in its list
 * (at least ten); the demo list has no videos, so a search of it finds none and is answered.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.limits.max-examined-per-request", value = "1")
class VideoSearchLimitTest extends ServedRoutesFixture {
    @BeforeEach
    void videoList() throws IOException {
        VideoRoutesTest.serveKnownVideo(this, "videos");
    }

    @Test
    void aSearchThatFindsTooManyFramesIsRefusedWithTheTypedErrorOfImages() throws IOException {
        byte[] known = VideoRoutesTest.video(VideoRoutesTest.KNOWN);
        Http.Answer none = http.post("/v1/match/video?lists=demo", "video/mp4", known);
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat(none.body()).endsWith("\"hits\":[],\"matched\":false}");
        assertThat(http.post("/v1/match/video?lists=videos", "video/mp4", known))
                .isEqualTo(new Http.Answer(
                        422,
                        "application/json",
                        "{\"error\":{\"code\":\"search_too_wide\",\"message\":\"the searches found more than 1 hits"
                                + " within the distance (hashmatch.limits.max-examined-per-request): send a smaller"
                                + " maxDistance or fewer lists\"}}"));
    }
}
