package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever the bytes, decoding returns an image or throws a DecodeException: nothing else, and no hang. */
@ExtendWith(Seeds.Report.class)
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

    static Stream<Long> randomBytes() {
        return Seeds.of("DecodeRobustnessPropertyTest.randomBytes", 200);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void randomBytes(long seed) throws Exception {
        byte[] bytes = new Gen(seed).bytes(0, 2000);
        assertThat(outcome(bytes)).isIn("decoded", "typed");
    }

    static Stream<Long> validImageWithFlippedBytesAndCut() {
        return Seeds.of("DecodeRobustnessPropertyTest.validImageWithFlippedBytesAndCut", 200);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void validImageWithFlippedBytesAndCut(long seed) throws Exception {
        Gen g = new Gen(seed);
        int which = g.intIn(0, VALID.size() - 1);
        List<Integer> flips = g.list(0, 8, () -> g.intIn(0, 100_000));
        int flipValue = g.intIn(0, 255);
        int keepPercent = g.intIn(0, 100);
        byte[] valid = VALID.get(which);
        byte[] bytes = Arrays.copyOf(valid, Math.max(0, valid.length * keepPercent / 100));
        for (int f : flips) {
            if (bytes.length > 0) {
                bytes[f % bytes.length] ^= (byte) (flipValue | 1);
            }
        }
        assertThat(outcome(bytes)).isIn("decoded", "typed");
    }

    static Stream<Long> validSignatureThenRandomBytes() {
        return Seeds.of("DecodeRobustnessPropertyTest.validSignatureThenRandomBytes", 100);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void validSignatureThenRandomBytes(long seed) throws Exception {
        Gen g = new Gen(seed);
        int which = g.intIn(0, VALID.size() - 1);
        int keep = g.intIn(2, 40);
        byte[] tail = g.bytes(0, 500);
        byte[] valid = VALID.get(which);
        byte[] bytes = Arrays.copyOf(valid, keep + tail.length);
        System.arraycopy(tail, 0, bytes, keep, tail.length);
        assertThat(outcome(bytes)).isIn("decoded", "typed");
    }
}
