package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(Seeds.Report.class)
class LumaPlaneTest {

    /** PDQ's float luma, evaluated as {@link JaroszDownsampler} evaluates it for one pixel. */
    private static float pdqLuma(int r, int g, int b) {
        return JaroszDownsampler.LUMA_R * r + JaroszDownsampler.LUMA_G * g + JaroszDownsampler.LUMA_B * b;
    }

    @Test
    void pdqLumaGivesBackTheIntegerLumaOfEveryColour() {
        int wrong = 0;
        String first = "none";
        for (int r = 0; r < 256; r++) {
            for (int g = 0; g < 256; g++) {
                for (int b = 0; b < 256; b++) {
                    if (LumaPlane.thousandths(pdqLuma(r, g, b)) != 299 * r + 587 * g + 114 * b) {
                        if (wrong++ == 0) {
                            first = r + "," + g + "," + b;
                        }
                    }
                }
            }
        }
        for (int v = 0; v < 256; v++) {
            assertThat(LumaPlane.thousandths(v)).as("grey %d", v).isEqualTo(v * 1000);
        }
        assertThat(wrong).as("colours off, the first R,G,B %s", first).isZero();
    }

    static Stream<Long> thePlaneFilledFromPdqRowsIsThePlaneOfFill() {
        return Seeds.of("LumaPlaneTest.thePlaneFilledFromPdqRowsIsThePlaneOfFill", 40);
    }

    /**
     * The whole image's PDQ hash fills the plane from its luma rows: the same bytes as {@link LumaPlane#fill}, for
     * any size (scale 1 to 3, partial blocks at the edges), channel count and maximum side; the hash is unchanged.
     */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void thePlaneFilledFromPdqRowsIsThePlaneOfFill(long seed) {
        Gen g = new Gen(seed);
        int w = g.intIn(5, 1400);
        int h = g.intIn(5, 1400);
        int channels = g.pick(java.util.List.of(1, 3, 4));
        int maxSide = g.pick(java.util.List.of(LumaPlane.MAX_SIDE, VariantDeriver.UNCROP_SIDE));
        byte[] px = new byte[w * h * channels];
        g.random().nextBytes(px);
        DecodedImage image = DecodedImage.ofPixels(px, w, h, channels, ImageFormat.PNG);
        boolean dihedral = g.bool();
        LumaPlane expected = new LumaPlane(maxSide);
        expected.fill(image);
        LumaPlane streamed = new LumaPlane(maxSide);
        // an earlier image leaves nothing behind
        streamed.fill(DecodedImage.ofPixels(new byte[9 * 7], 9, 7, 1, ImageFormat.PNG));
        PdqHasher hasher = new PdqHasher(PdqMode.FULL_RESOLUTION);
        PdqResult result = hasher.hash(image, dihedral, streamed);
        assertThat(result).isEqualTo(new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, dihedral));
        boolean direct = !dihedral && w == 64 && h == 64; // PDQ's own shortcut reads no blurred rows
        assertThat(streamed.complete()).as("%dx%d", w, h).isEqualTo(!direct);
        assertThat(pixels(streamed))
                .as("%dx%d, %d channels, plane of %dx%d", w, h, channels, expected.width(), expected.height())
                .isEqualTo(pixels(expected));
    }

    @Test
    void aResizedImageDoesNotFillThePlaneNorAClearedOne() {
        byte[] px = new byte[700 * 600 * 3];
        new java.util.Random(5).nextBytes(px);
        DecodedImage image = DecodedImage.ofPixels(px, 700, 600, 3, ImageFormat.PNG);
        LumaPlane plane = new LumaPlane();
        new PdqHasher(PdqMode.REFERENCE_RESIZE).hash(image, true, plane);
        assertThat(plane.complete()).isFalse();
        plane.fill(image);
        plane.clear();
        assertThat(plane.complete()).isFalse();
    }

    private static byte[] pixels(LumaPlane plane) {
        byte[] out = new byte[plane.width() * plane.height()];
        plane.asImage().pixels().get(0, out, 0, out.length);
        return out;
    }
}
