package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.decode.BgrPixels;
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
            assertThat(unmark.size()).isIn(2, 4);
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
}
