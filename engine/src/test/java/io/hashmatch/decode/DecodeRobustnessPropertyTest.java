package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, decoding returns an image or throws a DecodeException: nothing else, and no hang. */
class DecodeRobustnessPropertyTest {
    private static final ImageDecoder DECODER = new ImageDecoder(new DecodeLimits(4_000_000, 1 << 20), false);

    private static final List<byte[]> VALID = List.of(
            TestImages.jpeg(TestImages.rgb(40, 30, 1)),
            TestImages.png(TestImages.argb(40, 30, 2)),
            TestImages.encode(TestImages.palette(40, 30, 3), "gif"),
            TestImages.encode(TestImages.rgb(40, 30, 4), "bmp"),
            TestImages.webp(TestImages.rgb(40, 30, 5), 80),
            TestImages.encode(TestImages.rgb(40, 30, 6), "tiff"));

    /** Decodes on another thread with a deadline; returns the outcome class name. */
    private static String outcome(byte[] bytes) throws Exception {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try (DecodedImage d = DECODER.decode(ByteBuffer.wrap(bytes))) {
                assertThat(d.width()).isPositive();
                return "decoded";
            } catch (DecodeException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                return "typed";
            }
        });
        return f.get(20, TimeUnit.SECONDS); // a hang fails with TimeoutException; another exception fails too
    }

    @Property(tries = 200)
    void randomBytes(@ForAll @Size(max = 2000) byte[] bytes) throws Exception {
        assertThat(outcome(bytes)).isIn("decoded", "typed");
    }

    @Property(tries = 200)
    void validImageWithFlippedBytesAndCut(
            @ForAll("validIndex") int which,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 100_000) Integer> flips,
            @ForAll @IntRange(min = 0, max = 255) int flipValue,
            @ForAll @IntRange(min = 0, max = 100) int keepPercent)
            throws Exception {
        byte[] valid = VALID.get(which);
        byte[] bytes = Arrays.copyOf(valid, Math.max(0, valid.length * keepPercent / 100));
        for (int f : flips) {
            if (bytes.length > 0) {
                bytes[f % bytes.length] ^= (byte) (flipValue | 1);
            }
        }
        assertThat(outcome(bytes)).isIn("decoded", "typed");
    }

    @Property(tries = 100)
    void validSignatureThenRandomBytes(
            @ForAll("validIndex") int which,
            @ForAll @IntRange(min = 2, max = 40) int keep,
            @ForAll @Size(max = 500) byte[] tail)
            throws Exception {
        byte[] valid = VALID.get(which);
        byte[] bytes = Arrays.copyOf(valid, keep + tail.length);
        System.arraycopy(tail, 0, bytes, keep, tail.length);
        assertThat(outcome(bytes)).isIn("decoded", "typed");
    }

    @Provide
    Arbitrary<Integer> validIndex() {
        return Arbitraries.integers().between(0, VALID.size() - 1);
    }
}
