package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.decode.BgrPixels;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.hash.PdqVariant.Kind;
import io.hashmatch.hash.PdqVariant.Rect;
import io.hashmatch.hash.PdqVariant.Transform;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Kind#OPENING}: the plane's grey-level opening exactly (against its definition on seeded planes, and on a
 * flat picture under thin translucent strokes and a block wider than the square); one variant of the whole image on
 * both sides, in its place in the order; a watermarked photo's opening within the variant distance of the photo's,
 * unrelated photos' openings far from it.
 */
class OpeningVariantTest {
    static final long SEED = 1433L;
    /** {@link io.hashmatch.match.ListSettings#DEFAULT_VARIANT_DISTANCE}: a hit between two variants. */
    static final int VARIANT_DISTANCE = 24;

    private static List<PdqVariant> derive(BufferedImage img, VariantPolicy policy) {
        DecodedImage image = BgrPixels.decoded(img);
        return new VariantDeriver(policy).derive(image, new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, true));
    }

    private static PdqVariant opening(List<PdqVariant> variants) {
        List<PdqVariant> openings =
                variants.stream().filter(v -> v.kind() == Kind.OPENING).toList();
        assertThat(openings).hasSize(1);
        return openings.getFirst();
    }

    @Test
    void theOpeningIsTheMaximumOverSquaresOfTheMinimumOverSquares() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        OverlayRemover remover = new OverlayRemover();
        for (int t = 0; t < 100; t++) {
            int w = 3 + rnd.nextInt(40);
            int h = 3 + rnd.nextInt(40);
            int r = 1 + rnd.nextInt(Math.min(w, h) - 1);
            byte[] plane = new byte[w * h];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = (byte) rnd.nextInt(256);
            }
            int[] eroded = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int e = 255;
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            e = Math.min(e, plane[yy * w + xx] & 0xFF);
                        }
                    }
                    eroded[y * w + x] = e;
                }
            }
            byte[] expected = new byte[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int e = 0;
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            e = Math.max(e, eroded[yy * w + xx]);
                        }
                    }
                    expected[y * w + x] = (byte) e;
                }
            }
            byte[] out = new byte[w * h];
            remover.opening(plane, w, h, r, out);
            assertThat(out).as("seed %d case %d: %dx%d r=%d", SEED, t, w, h, r).isEqualTo(expected);
        }
    }

    @Test
    void strokesNarrowerThanTheSquareGoWhileABlockWiderThanItStays() {
        // a flat 100 picture; white at 0.3, 0.4 and 0.5 over it (138, 162, 178) in bars 5 and 6 pixels wide, one
        // crossing another (the crossing is 6 x 6, still narrower than the 7 x 7 square of radius 3); and a
        // 9 x 8 block of the picture's own at 200, wider than the square on both sides: kept as it is
        int w = 64;
        int h = 48;
        byte[] plane = new byte[w * h];
        java.util.Arrays.fill(plane, (byte) 100);
        fill(plane, w, 4, 4, 5, 40, 138);
        fill(plane, w, 4, 20, 50, 6, 162);
        fill(plane, w, 30, 30, 30, 5, 178);
        byte[] expected = new byte[w * h];
        java.util.Arrays.fill(expected, (byte) 100);
        fill(plane, w, 50, 36, 9, 8, 200);
        fill(expected, w, 50, 36, 9, 8, 200);
        byte[] out = new byte[w * h];
        new OverlayRemover().opening(plane, w, h, 3, out);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void bothSidesGetTheOpeningOfTheWholeImageInItsPlace() {
        // 384 x 288: the reduced plane is 192 x 144 (the full plane's half), opened over squares of radius 2
        BufferedImage photo = EditedImages.photo(384, 288, SEED + 1);
        assertThat(OverlayRemover.openingRadius(192, 144)).isEqualTo(2);
        Rect whole = new Rect(0, 0, 384, 288);
        List<PdqVariant> query = derive(photo, VariantPolicy.QUERY);
        PdqVariant q = opening(query);
        // after the transforms (no region and no overlay on a plain photo), before the uncrop frames
        assertThat(query.indexOf(q)).isEqualTo(7);
        assertThat(query.subList(0, 7)).extracting(PdqVariant::kind).containsOnly(Kind.DIHEDRAL);
        assertThat(query.subList(8, query.size())).extracting(PdqVariant::kind).containsOnly(Kind.UNCROP);
        assertThat(q.transform()).isEqualTo(Transform.ORIGINAL);
        assertThat(q.rect()).isEqualTo(whole);
        List<PdqVariant> list = derive(photo, VariantPolicy.LIST);
        assertThat(list.getLast()).isSameAs(opening(list));
        assertThat(list.getLast()).isEqualTo(q);

        // the hash is the PDQ hash of the opening of the reduced plane
        LumaPlane plane = new LumaPlane();
        plane.fill(BgrPixels.decoded(photo));
        LumaPlane small = new LumaPlane(VariantDeriver.UNCROP_SIDE);
        small.fill(plane.asImage());
        assertThat(small.width()).isEqualTo(192);
        byte[] grey = new byte[192 * 144];
        small.asImage().pixels().get(0, grey, 0, grey.length);
        byte[] opened = new byte[grey.length];
        new OverlayRemover().opening(grey, 192, 144, 2, opened);
        PdqResult expected = new PdqHasher(PdqMode.FULL_RESOLUTION)
                .hash(DecodedImage.ofPixels(opened, 192, 144, 1, io.hashmatch.decode.ImageFormat.PNG), false);
        assertThat(q.pdq()).isEqualTo(expected.hash());
        assertThat(q.quality()).isEqualTo(expected.quality());
    }

    @Test
    void aWatermarkedPhotosOpeningMeetsThePhotosOpening() {
        int w = UnmarkVariantsTest.W;
        int h = UnmarkVariantsTest.H;
        PdqVariant[] listed = new PdqVariant[4];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = opening(derive(EditedImages.photo(w, h, SEED + 10 + i), VariantPolicy.LIST));
        }
        for (int i = 0; i < listed.length; i++) {
            long seed = SEED + 10 + i;
            BufferedImage photo = EditedImages.photo(w, h, seed);
            float alpha = 0.3f + 0.1f * (i % 3);
            BufferedImage marked = UnmarkVariantsTest.marked(photo, Color.WHITE, alpha, 8, seed);
            PdqVariant q = opening(derive(marked, VariantPolicy.QUERY));
            assertThat(q.pdq().distance(listed[i].pdq()))
                    .as("seed %d alpha %.1f", seed, alpha)
                    .isLessThanOrEqualTo(VARIANT_DISTANCE / 2);
            for (int j = 0; j < listed.length; j++) {
                if (j != i) {
                    assertThat(q.pdq().distance(listed[j].pdq()))
                            .as("seed %d against photo %d", seed, SEED + 10 + j)
                            .isGreaterThan(3 * VARIANT_DISTANCE);
                }
            }
        }
    }

    private static void fill(byte[] plane, int w, int x0, int y0, int fw, int fh, int v) {
        for (int y = y0; y < y0 + fh; y++) {
            for (int x = x0; x < x0 + fw; x++) {
                plane[y * w + x] = (byte) v;
            }
        }
    }
}
