package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * The body size limit is the documented one, 32 MiB ({@code hashmatch.limits.max-body-size}): Micronaut's own buffer
 * limit (10 MiB by default) once refused raw uploads well under it.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class BodyLimitsTest extends ServedRoutesFixture {
    private static final int LIMIT = 32 << 20;

    @Test
    void aRawUploadJustUnderTheLimitIsReadAndJustOverItIs413() {
        // zeros are no image: 415 proves that the body was read and handed to the decoder
        Http.Answer under = http.post("/v1/hash/image", "application/octet-stream", new byte[LIMIT - 1024]);
        assertThat(under.status()).isEqualTo(415);
        assertThat(under.body()).startsWith("{\"error\":{\"code\":\"unsupported_format\"");
        Http.Answer over = http.post("/v1/hash/image", "application/octet-stream", new byte[LIMIT + 1]);
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.body()).startsWith("{\"error\":{\"code\":\"body_too_large\"");
    }

    /**
     * A multipart upload is read like a raw one. (Not tested near the limit: in-memory multipart decoding of large parts
     * is slow, and both an 11 MiB part and a part just over 32 MiB outlasted the client's 60 s on a loaded test machine;
     * LimitsTest refuses a multipart body over a small limit.)
     */
    @Test
    void aMultipartUploadIsRead() {
        Http.Answer under = http.postFile("/v1/hash/image", "file", new byte[2 << 20]);
        assertThat(under.status()).isEqualTo(415);
        assertThat(under.body()).startsWith("{\"error\":{\"code\":\"unsupported_format\"");
    }
}
