package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Uploads are admitted by the memory their header declares: a 290 KB PNG declaring 49 megapixels of 16-bit RGB
 * (441 MB of decode) is refused before any pixel is allocated when one image may use less than that, and an
 * upload finding the budget full is answered 503 after the configured wait instead of decoding anyway.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.limits.decode-memory", value = "268435456")
@Property(name = "hashmatch.limits.decode-wait", value = "0s")
class DecodeMemoryTest extends ServedRoutesFixture {
    private static final byte[] BOMB = TestImages.png16Black(7000, 7000);

    @Inject
    ImageHashing hashing;

    @Test
    void anImageDeclaringMoreThanTheBudgetIsRefusedBeforeDecoding() {
        assertThat(BOMB.length).isLessThan(400_000);
        long peakBefore = hashing.budget().peak();
        Http.Answer a = http.post("/v1/hash/image", "image/png", BOMB);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body())
                .isEqualTo("{\"error\":{\"code\":\"image_too_large\",\"message\":\"png 7000x7000 needs about 425 MiB"
                        + " to decode, over the 224 MiB one image may use of the decode memory budget"
                        + " (hashmatch.limits.decode-memory)\"}}");
        Http.Answer multipart = http.postFile("/v1/match/image", "file", BOMB);
        assertThat(multipart.status()).isEqualTo(422);
        assertThat(hashing.budget().peak()).as("nothing was admitted").isEqualTo(peakBefore);
        assertThat(hashing.budget().inUse()).isZero();
    }

    @Test
    void anImageIsAdmittedForItsDeclaredMemoryAndGivesItBack() {
        byte[] png = DemoManifest.testImage("syn_text_256x256.png");
        assertThat(http.post("/v1/hash/image", "image/png", png).status()).isEqualTo(200);
        assertThat(hashing.budget().peak()).isPositive();
        assertThat(hashing.budget().inUse()).isZero();
    }

    @Test
    void anUploadFindingTheBudgetFullIsAnswered503() throws InterruptedException {
        byte[] png = DemoManifest.testImage("syn_text_256x256.png");
        DecodeMemoryBudget budget = hashing.budget();
        DecodeMemoryBudget.Admission large = budget.admit(budget.largestImage(), Duration.ZERO);
        DecodeMemoryBudget.Admission reserve = budget.admit(budget.smallImage(), Duration.ZERO);
        DecodeMemoryBudget.Admission reserve2 = budget.admit(budget.smallImage(), Duration.ZERO);
        assertThat(large).isNotNull();
        assertThat(reserve).isNotNull();
        assertThat(reserve2).isNotNull();
        try {
            Http.Answer a = http.post("/v1/hash/image", "image/png", png);
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.body()).startsWith("{\"error\":{\"code\":\"decode_busy\",\"message\":");
        } finally {
            large.close();
            reserve.close();
            reserve2.close();
        }
        assertThat(http.post("/v1/hash/image", "image/png", png).status()).isEqualTo(200);
    }
}
