package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hashmatch.decode.BgrPixels;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.PdqVariant.Kind;
import io.hashmatch.hash.PdqVariant.Rect;
import io.hashmatch.hash.PdqVariant.Transform;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link Kind#UNMARK}: a translucent overlay of one colour written across a photo-like image (glyph-like strokes,
 * no fonts, so the result does not depend on the platform's fonts) is found with its opacity and colour, and the
 * image without it hashes near the photo; a photo without an overlay gets no such variant.
 */
class UnmarkVariantsTest {
    static final long SEED = 1414L;
    static final int W = 480;
    static final int H = 320;

    /**
     * {@code photo} with a "name" of {@code letters} glyphs (zigzags, loops and bars of strokes {@code H / 45} wide)
     * drawn across its centre, rotated by -25 degrees, in {@code colour} at opacity {@code alpha}.
     */
    static BufferedImage marked(BufferedImage photo, Color colour, float alpha, int letters, long seed) {
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
        g.setColor(colour);
        g.setStroke(new BasicStroke(H / 45f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.transform(AffineTransform.getRotateInstance(Math.toRadians(-25), W / 2.0, H / 2.0));
        SplittableRandom r = new SplittableRandom(seed);
        double size = H / 7.0;
        double x = W / 2.0 - letters * size * 0.75 / 2;
        double top = H / 2.0 - size / 2;
        Path2D.Double name = new Path2D.Double();
        for (int i = 0; i < letters; i++, x += size * 0.75) {
            double w = size * 0.6;
            switch (r.nextInt(3)) {
                case 0 -> { // zigzag
                    name.moveTo(x, top);
                    name.lineTo(x + w / 3, top + size);
                    name.lineTo(x + 2 * w / 3, top + size / 3);
                    name.lineTo(x + w, top + size);
                }
                case 1 -> name.append(new java.awt.geom.Ellipse2D.Double(x, top + size / 3, w, 2 * size / 3), false);
                default -> { // bar with a foot
                    name.moveTo(x + w / 2, top);
                    name.lineTo(x + w / 2, top + size);
                    name.lineTo(x + w, top + size);
                }
            }
        }
        g.draw(name);
        g.dispose();
        return out;
    }

    private static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static List<PdqVariant> variants(BufferedImage img) throws Exception {
        return FileHasher.newBuilder()
                .variants(VariantPolicy.QUERY)
                .build()
                .hash(png(img))
                .variants();
    }

    private static PdqHash pdq(BufferedImage img) throws Exception {
        return FileHasher.newBuilder().build().hash(png(img)).pdq().hash();
    }

    private static List<OverlayRemover.Overlay> overlays(BufferedImage img) {
        LumaPlane plane = new LumaPlane();
        plane.fill(BgrPixels.decoded(img));
        byte[] grey = new byte[plane.width() * plane.height()];
        plane.asImage().pixels().get(0, grey, 0, grey.length);
        return new OverlayRemover()
                .find(grey, plane.width(), plane.height(), OverlayRemover.strokeRadius(plane.width(), plane.height()));
    }

    @Test
    void erosionAndDilationAreTheExtremesOfTheirClippedSquares() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        OverlayRemover remover = new OverlayRemover();
        for (int t = 0; t < 200; t++) {
            int w = 3 + rnd.nextInt(40);
            int h = 3 + rnd.nextInt(40);
            int r = 1 + rnd.nextInt(Math.min(w, h) - 1);
            boolean max = rnd.nextBoolean();
            int[] in = new int[w * h];
            for (int i = 0; i < in.length; i++) {
                in[i] = rnd.nextInt(256);
            }
            int[] expected = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int e = in[y * w + x];
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            e = max ? Math.max(e, in[yy * w + xx]) : Math.min(e, in[yy * w + xx]);
                        }
                    }
                    expected[y * w + x] = e;
                }
            }
            boolean inPlace = rnd.nextBoolean();
            int[] out = inPlace ? in : new int[w * h];
            remover.morph(in, w, h, r, out, max);
            assertThat(out)
                    .as("seed %d case %d: %dx%d r=%d max=%b in place=%b", SEED, t, w, h, r, max, inPlace)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aWhiteNameAcrossThePhotoIsFoundAndTakenOut() throws Exception {
        for (int i = 0; i < 3; i++) {
            long seed = SEED + i;
            BufferedImage photo = EditedImages.photo(W, H, seed);
            float alpha = 0.3f + 0.1f * i;
            BufferedImage marked = marked(photo, Color.WHITE, alpha, 8, seed);
            List<OverlayRemover.Overlay> found = overlays(marked);
            assertThat(found).as("seed %d", seed).isNotEmpty();
            OverlayRemover.Overlay best = found.get(0);
            assertThat(best.dark()).as("seed %d", seed).isFalse();
            assertThat(best.alpha()).as("seed %d", seed).isBetween(alpha - 0.05, alpha + 0.05);
            assertThat(best.colour()).as("seed %d", seed).isGreaterThanOrEqualTo(238);

            PdqHash own = pdq(photo);
            int plain = pdq(marked).distance(own);
            List<PdqVariant> vs = variants(marked);
            List<PdqVariant> unmark =
                    vs.stream().filter(v -> v.kind() == Kind.UNMARK).toList();
            // after the whole image's 7 transforms, each overlay as is then mirrored, the whole image's rectangle
            assertThat(vs.subList(0, 7)).extracting(PdqVariant::kind).containsOnly(Kind.DIHEDRAL);
            assertThat(vs.subList(7, 7 + unmark.size())).isEqualTo(unmark);
            // per overlay: the removal checked in colour, then on luma alone when it differs
            assertThat(unmark.size()).isIn(2, 4, 6, 8);
            for (int k = 0; k < unmark.size(); k++) {
                assertThat(unmark.get(k).transform()).isEqualTo(k % 2 == 0 ? Transform.ORIGINAL : Transform.FLIPY);
                assertThat(unmark.get(k).rect()).isEqualTo(new Rect(0, 0, W, H));
            }
            int best0 = unmark.stream()
                    .filter(v -> v.transform() == Transform.ORIGINAL)
                    .mapToInt(v -> v.pdq().distance(own))
                    .min()
                    .orElseThrow();
            assertThat(best0)
                    .as("seed %d alpha %.1f: unmarked %d bits from the photo, marked %d", seed, alpha, best0, plain)
                    .isLessThanOrEqualTo(plain - 12);
        }
    }

    @Test
    void aDarkNameIsFoundAsADarkOverlay() {
        BufferedImage photo = EditedImages.photo(W, H, SEED + 5);
        List<OverlayRemover.Overlay> found = overlays(marked(photo, Color.BLACK, 0.4f, 7, SEED + 5));
        assertThat(found).as("seed %d", SEED + 5).isNotEmpty();
        assertThat(found.get(0).dark()).isTrue();
        assertThat(found.get(0).alpha()).isBetween(0.35, 0.45);
        // the colour of the inverted plane: black is 255 there
        assertThat(found.get(0).colour()).isGreaterThanOrEqualTo(238);
    }

    @Test
    void photosWithoutAnOverlayGetNoUnmarkVariant() throws Exception {
        for (int i = 0; i < 4; i++) {
            BufferedImage photo = EditedImages.photo(W, H, SEED + 10 + i);
            assertThat(variants(photo)).as("seed %d", SEED + 10 + i).noneMatch(v -> v.kind() == Kind.UNMARK);
        }
    }

    @Test
    void theSameVariantsFromFourThreads() throws Exception {
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BufferedImage photo = EditedImages.photo(W, H, SEED + 20 + i);
            files.add(png(marked(photo, i == 1 ? Color.BLACK : Color.WHITE, 0.35f + 0.05f * i, 8, SEED + 20 + i)));
        }
        FileHasher hasher =
                FileHasher.newBuilder().variants(VariantPolicy.QUERY).build();
        List<List<PdqVariant>> expected = new ArrayList<>();
        for (byte[] f : files) {
            List<PdqVariant> v = hasher.hash(f).variants();
            assertThat(v).anyMatch(x -> x.kind() == Kind.UNMARK);
            expected.add(v);
        }
        PdqVariantsTest.assertSameVariantsFromFourThreads(hasher, files, expected, 2);
    }

    /**
     * A 64 x 48 green picture (60, 140, 60: luma 107) with a bar of white at 0.4 (138, 186, 138: luma 166), 4 pixels
     * wide, and, when {@code stripes}, apart from it two 1-pixel stripes of lighter grass (90, 220, 90: luma 166
     * too), as blue-green-red pixels (or their luma alone when {@code grey}).
     */
    private static DecodedImage greenWithBar(boolean stripes, boolean grey) {
        int w = 64;
        int h = 48;
        int[] green = {60, 140, 60};
        int[] bar = {138, 186, 138};
        int[] grass = {90, 220, 90};
        int[][] rgb = new int[w * h][];
        java.util.Arrays.fill(rgb, green);
        for (int y = 10; y < 38; y++) {
            for (int x = 8; x < 12; x++) {
                rgb[y * w + x] = bar;
            }
            if (stripes) {
                rgb[y * w + 40] = grass;
                rgb[y * w + 44] = grass;
            }
        }
        int channels = grey ? 1 : 3;
        byte[] px = new byte[w * h * channels];
        for (int i = 0; i < w * h; i++) {
            if (grey) {
                px[i] = (byte) Math.round((299 * rgb[i][0] + 587 * rgb[i][1] + 114 * rgb[i][2]) / 1000.0);
            } else {
                px[3 * i] = (byte) rgb[i][2];
                px[3 * i + 1] = (byte) rgb[i][1];
                px[3 * i + 2] = (byte) rgb[i][0];
            }
        }
        return DecodedImage.ofPixels(px, w, h, channels, ImageFormat.PNG);
    }

    /** A 64 x 48 plane of {@code back} with the bar's pixels {@code bar} and the stripes' {@code stripes}. */
    private static PdqResult planeHash(int back, int bar, int stripes) {
        byte[] plane = new byte[64 * 48];
        java.util.Arrays.fill(plane, (byte) back);
        for (int y = 10; y < 38; y++) {
            for (int x = 8; x < 12; x++) {
                plane[y * 64 + x] = (byte) bar;
            }
            plane[y * 64 + 40] = (byte) stripes;
            plane[y * 64 + 44] = (byte) stripes;
        }
        return new PdqHasher(PdqMode.FULL_RESOLUTION)
                .hash(DecodedImage.ofPixels(plane, 64, 48, 1, ImageFormat.PNG), true);
    }

    private static List<PdqVariant> unmarkVariants(DecodedImage image) {
        LumaPlane plane = new LumaPlane();
        plane.fill(image);
        List<PdqVariant> out = new ArrayList<>();
        new OverlayRemover()
                .addVariants(image, plane, new Rect(0, 0, 64, 48), new PdqHasher(PdqMode.FULL_RESOLUTION), 0, out);
        return out;
    }

    @Test
    void theRemovalCheckedInColourAndTheOneOnLumaAloneAreBothHashedWhenTheyDiffer() {
        DecodedImage image = greenWithBar(true, false);
        LumaPlane plane = new LumaPlane();
        plane.fill(image);
        byte[] grey = new byte[64 * 48];
        plane.asImage().pixels().get(0, grey, 0, grey.length);
        List<OverlayRemover.Overlay> found =
                new OverlayRemover().find(grey, 64, 48, OverlayRemover.strokeRadius(64, 48));
        // bar and stripes vote alike: white-ish at 0.375 and 0.45, which invert 166 to 113 and to 107
        assertThat(found).hasSize(2);
        assertThat(found.get(0).alpha()).isCloseTo(0.375, within(1e-9));
        assertThat(found.get(0).colour()).isEqualTo(254);
        assertThat(found.get(1).alpha()).isCloseTo(0.45, within(1e-9));
        assertThat(found.get(1).colour()).isEqualTo(238);
        assertThat(Math.round((166 - 0.375 * 254) / 0.625)).isEqualTo(113);
        assertThat(Math.round((166 - 0.45 * 238) / 0.55)).isEqualTo(107);

        // in colour the stripes are greener than the blend and stay; on luma alone they are removed with the bar
        PdqResult colour1 = planeHash(107, 113, 166);
        PdqResult luma1 = planeHash(107, 113, 113);
        PdqResult colour2 = planeHash(107, 107, 166);
        PdqResult luma2 = planeHash(107, 107, 107);
        List<PdqVariant> vs = unmarkVariants(image);
        assertThat(vs)
                .extracting(PdqVariant::pdq)
                .containsExactly(
                        colour1.hash(), colour1.dihedral().get(5),
                        luma1.hash(), luma1.dihedral().get(5),
                        colour2.hash(), colour2.dihedral().get(5),
                        luma2.hash(), luma2.dihedral().get(5));
        assertThat(vs)
                .extracting(PdqVariant::quality)
                .containsExactly(
                        colour1.quality(),
                        colour1.quality(),
                        luma1.quality(),
                        luma1.quality(),
                        colour2.quality(),
                        colour2.quality(),
                        luma2.quality(),
                        luma2.quality());
        for (int k = 0; k < vs.size(); k++) {
            assertThat(vs.get(k).kind()).isEqualTo(Kind.UNMARK);
            assertThat(vs.get(k).transform()).isEqualTo(k % 2 == 0 ? Transform.ORIGINAL : Transform.FLIPY);
            assertThat(vs.get(k).rect()).isEqualTo(new Rect(0, 0, 64, 48));
        }

        // the same picture without the stripes: both removals write the same plane, hashed once
        PdqResult bar1 = planeHash(107, 113, 107);
        PdqResult bar2 = planeHash(107, 107, 107);
        assertThat(unmarkVariants(greenWithBar(false, false)))
                .extracting(PdqVariant::pdq)
                .containsExactly(
                        bar1.hash(),
                        bar1.dihedral().get(5),
                        bar2.hash(),
                        bar2.dihedral().get(5));
        // a grey image: luma alone, once
        assertThat(unmarkVariants(greenWithBar(true, true)))
                .extracting(PdqVariant::pdq)
                .containsExactly(
                        luma1.hash(),
                        luma1.dihedral().get(5),
                        luma2.hash(),
                        luma2.dihedral().get(5));
    }
}
