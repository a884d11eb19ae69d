package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** The configurable request limits: body size (413 before reading), batch size, image pixels. */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.limits.max-body-size", value = "100000")
@Property(name = "hashmatch.limits.max-batch", value = "3")
@Property(name = "hashmatch.limits.max-pixels", value = "10000")
class LimitsTest extends ServedRoutesFixture {

    @Test
    void aBodyOverTheSizeLimitIs413() {
        byte[] big = new byte[200_000];
        Http.Answer raw = http.post("/v1/match/image", "image/png", big);
        assertThat(raw.status()).isEqualTo(413);
        assertThat(raw.body()).startsWith("{\"error\":{\"code\":\"body_too_large\",\"message\":");
        Http.Answer part = http.postFile("/v1/hash/image", "file", big);
        assertThat(part.status()).isEqualTo(413);
        assertThat(part.body()).startsWith("{\"error\":{\"code\":\"body_too_large\",\"message\":");
    }

    @Test
    void theBatchLimitIsConfigurable() {
        String md5 = DemoManifest.image("syn_noise_64x48.png").md5();
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + md5 + "\",\"" + md5 + "\",\"" + md5 + "\"]}")
                        .status())
                .isEqualTo(200);
        assertThat(http.postJson(
                        "/v1/match/hashes",
                        "{\"hashes\":[\"" + md5 + "\",\"" + md5 + "\",\"" + md5 + "\",\"" + md5 + "\"]}"))
                .isEqualTo(
                        new Http.Answer(
                                413,
                                "application/json",
                                "{\"error\":{\"code\":\"batch_too_large\",\"message\":\"4 hashes in one request; the limit is 3\"}}"));
    }

    @Test
    void anImageOverThePixelLimitIsNotDecoded() {
        byte[] small = DemoManifest.testImage("syn_checker_32x32.png"); // 1 024 pixels
        assertThat(http.post("/v1/hash/image", "image/png", small).status()).isEqualTo(200);
        byte[] large = DemoManifest.testImage("syn_text_256x256.png"); // 65 536 pixels > 10 000
        Http.Answer a = http.post("/v1/hash/image", "image/png", large);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body()).startsWith("{\"error\":{\"code\":\"image_too_large\",\"message\":");
    }
}
