package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PDQ from pixels against Meta's reference vectors. Pixels come from the JDK's PNG decoder, not from
 * hashmatch's, so that these tests check the hasher alone; decoding is checked in PdqConformanceTest.
 */
@ExtendWith(Seeds.Report.class)
class PdqHasherTest {

    static Stream<Arguments> losslessPngs() {
        List<Arguments> args = new ArrayList<>();
        PdqVectors bundled = PdqVectors.bundled();
        PdqVectors vectors = PdqVectors.shared().orElse(bundled);
        for (PdqVectors.Row row : vectors.rows()) {
            if (row.lossless8() && row.format().equals("PNG")) {
                args.add(Arguments.of(row.file(), vectors, row));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losslessPngs")
    void matchesReferenceInBothModesWithDihedral(String name, PdqVectors vectors, PdqVectors.Row row)
            throws IOException {
        try (DecodedImage image = ImageIoPixels.read(vectors.imageDir().resolve(row.file()))) {
            PdqResult full = new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, true);
            assertThat(full.hash().toHex()).as("pdq_full").isEqualTo(row.pdqFull());
            assertThat(full.quality()).as("quality_full").isEqualTo(row.qualityFull());
            assertThat(full.dihedral().stream().map(PdqHash::toHex).toList())
                    .as("dih_full")
                    .isEqualTo(row.dihFull());

            PdqResult tool = new PdqHasher(PdqMode.REFERENCE_RESIZE).hash(image, true);
            assertThat(tool.hash().toHex()).as("pdq_tool").isEqualTo(row.pdqTool());
            assertThat(tool.quality()).as("quality_tool").isEqualTo(row.qualityTool());
            assertThat(tool.dihedral().stream().map(PdqHash::toHex).toList())
                    .as("dih_tool")
                    .isEqualTo(row.dihTool());

            PdqResult plain = new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, false);
            assertThat(plain.hash()).isEqualTo(full.hash());
            assertThat(plain.dihedral()).isEmpty();
        }
    }

    @Test
    void bundledSubsetCoversBothModesAndLargeImages() {
        List<PdqVectors.Row> rows = PdqVectors.bundled().rows();
        assertThat(rows).hasSize(225);
        // At least one lossless image above 512 px, where the two modes differ.
        assertThat(rows).anyMatch(r -> r.lossless8() && !r.pdqFull().equals(r.pdqTool()));
    }

    @Test
    void imagesUnderFivePixelsHashToZero() {
        for (int[] size : new int[][] {{4, 100}, {100, 4}, {1, 1}, {0, 0}}) {
            DecodedImage image =
                    DecodedImage.ofPixels(randomPixels(size[0] * size[1] * 3, 1), size[0], size[1], 3, ImageFormat.PNG);
            PdqResult r = new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, true);
            assertThat(r.hash()).isEqualTo(PdqHash.ZERO);
            assertThat(r.quality()).isZero();
            assertThat(r.dihedral()).hasSize(8).containsOnly(PdqHash.ZERO);
        }
    }

    /**
     * A black image hashes to all zeros. (Other uniform images do not: the DCT of a constant leaves float
     * rounding noise that the median splits, and the reference vectors of uniform grey, red and white
     * images keep that noise; those images are in the bundled vectors.)
     */
    @Test
    void blackImageHashesToZeroWithQualityZero() {
        byte[] px = new byte[300 * 200];
        PdqResult r = new PdqHasher(PdqMode.FULL_RESOLUTION)
                .hash(DecodedImage.ofPixels(px, 300, 200, 1, ImageFormat.PNG), false);
        assertThat(r.hash()).isEqualTo(PdqHash.ZERO);
        assertThat(r.quality()).isZero();
    }

    @Test
    void alphaIsIgnoredNotComposited() {
        Random random = new Random(7);
        int w = 90;
        int h = 70;
        byte[] bgr = new byte[w * h * 3];
        random.nextBytes(bgr);
        byte[] bgra = new byte[w * h * 4];
        for (int p = 0; p < w * h; p++) {
            System.arraycopy(bgr, p * 3, bgra, p * 4, 3);
            bgra[p * 4 + 3] = (byte) random.nextInt(256);
        }
        PdqHasher hasher = new PdqHasher(PdqMode.FULL_RESOLUTION);
        PdqResult a = hasher.hash(DecodedImage.ofPixels(bgr, w, h, 3, ImageFormat.PNG), true);
        PdqResult b = hasher.hash(DecodedImage.ofPixels(bgra, w, h, 4, ImageFormat.PNG), true);
        assertThat(b).isEqualTo(a);
        assertThat(a.hash().bitCount()).isEqualTo(128);
    }

    /**
     * The hasher's buffers grow and are reused: hashing other images in between, of other sizes and
     * channel counts, must not change a result.
     */
    static Stream<Long> reusedHasherGivesTheSameResultAsAFreshOne() {
        return Seeds.of("PdqHasherTest.reusedHasherGivesTheSameResultAsAFreshOne", 60);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void reusedHasherGivesTheSameResultAsAFreshOne(long seed) {
        Gen g = new Gen(seed);
        int w1 = g.intIn(1, 700);
        int h1 = g.intIn(1, 700);
        int w2 = g.intIn(1, 700);
        int h2 = g.intIn(1, 700);
        boolean grey = g.bool();
        boolean dihedral = g.bool();
        boolean resize = g.bool();
        PdqMode mode = resize ? PdqMode.REFERENCE_RESIZE : PdqMode.FULL_RESOLUTION;
        int channels = grey ? 1 : 3;
        DecodedImage first = DecodedImage.ofPixels(
                randomPixels(w1 * h1 * channels, w1 * 31 + h1), w1, h1, channels, ImageFormat.PNG);
        DecodedImage second =
                DecodedImage.ofPixels(randomPixels(w2 * h2 * 4, w2 * 17 + h2), w2, h2, 4, ImageFormat.PNG);
        PdqHasher reused = new PdqHasher(mode);
        PdqResult before = reused.hash(first, dihedral);
        reused.hash(second, !dihedral);
        PdqResult after = reused.hash(first, dihedral);
        assertThat(after).isEqualTo(before).isEqualTo(new PdqHasher(mode).hash(first, dihedral));
    }

    static Stream<Long> modesAgreeUpTo512PixelsAndDihedralOriginalIsTheHash() {
        return Seeds.of("PdqHasherTest.modesAgreeUpTo512PixelsAndDihedralOriginalIsTheHash", 40);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void modesAgreeUpTo512PixelsAndDihedralOriginalIsTheHash(long seed) {
        Gen g = new Gen(seed);
        int w = g.intIn(5, 512);
        int h = g.intIn(5, 512);
        DecodedImage image = DecodedImage.ofPixels(smoothPixels(w, h), w, h, 3, ImageFormat.PNG);
        PdqResult full = new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, true);
        PdqResult tool = new PdqHasher(PdqMode.REFERENCE_RESIZE).hash(image, true);
        assertThat(tool).isEqualTo(full);
        assertThat(full.dihedral().get(0)).isEqualTo(full.hash());
    }

    @Test
    void referenceResizeSamplesNearestNeighbourTo512() {
        // A 1024x1024 image whose every even row and column repeats: the 512x512 nearest-neighbour resample
        // takes columns/rows 0,2,4..., i.e. exactly the half-size image.
        int half = 512;
        byte[] small = smoothPixels(half, half);
        byte[] big = new byte[1024 * 1024 * 3];
        for (int y = 0; y < 1024; y++) {
            for (int x = 0; x < 1024; x++) {
                // Odd rows/columns hold noise that the resample must skip.
                int src = ((y / 2) * half + x / 2) * 3;
                int dst = (y * 1024 + x) * 3;
                for (int c = 0; c < 3; c++) {
                    big[dst + c] = (y % 2 == 0 && x % 2 == 0) ? small[src + c] : (byte) (x * 7 + y * 13 + c);
                }
            }
        }
        PdqResult resized = new PdqHasher(PdqMode.REFERENCE_RESIZE)
                .hash(DecodedImage.ofPixels(big, 1024, 1024, 3, ImageFormat.PNG), false);
        PdqResult direct = new PdqHasher(PdqMode.FULL_RESOLUTION)
                .hash(DecodedImage.ofPixels(small, half, half, 3, ImageFormat.PNG), false);
        assertThat(resized).isEqualTo(direct);
    }

    private static byte[] randomPixels(int n, long seed) {
        byte[] px = new byte[n];
        new Random(seed).nextBytes(px);
        return px;
    }

    private static byte[] smoothPixels(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                px[i] = (byte) (128 + 100 * Math.sin(x / 23.0));
                px[i + 1] = (byte) (128 + 100 * Math.cos(y / 17.0));
                px[i + 2] = (byte) ((x * y) / 97);
            }
        }
        return px;
    }
}
