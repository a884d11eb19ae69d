package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The evidence {@link OverlayRemover#remove} gives for an overlay and the plane it writes: exact on generated planes
 * whose mask is known (a translucent bar over a flat picture, with a joint wider than the opening, beside a bright
 * patch of the picture, with a small opaque name and its shadow; bright stripes of a picture's own texture that
 * fit a blend over the opening but not over what is around them; stripes of another colour that fit the blend in
 * luma but not in colour), against a brute-force background; and the box sums it is built from.
 */
class OverlayEvidenceTest {
    static final long SEED = 1420L;
    static final int W = 64;
    static final int H = 48;
    static final int RADIUS = 3;
    static final OverlayRemover.Overlay WHITE_40 = new OverlayRemover.Overlay(false, 0.4, 255, 0);

    @Test
    void boxSumsAreTheSumsOfTheirClippedSquares() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        OverlayRemover remover = new OverlayRemover();
        for (int t = 0; t < 200; t++) {
            int w = 1 + rnd.nextInt(40);
            int h = 1 + rnd.nextInt(40);
            int r = rnd.nextInt(45);
            int[] v = new int[w * h];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextInt(256);
            }
            int[] expected = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            expected[y * w + x] += v[yy * w + xx];
                        }
                    }
                }
            }
            remover.boxSum(v, w, h, r);
            assertThat(v).as("seed %d case %d: %dx%d r=%d", SEED, t, w, h, r).isEqualTo(expected);
        }
    }

    @Test
    void aTranslucentBarOverAFlatPictureIsAllEvidenceAndComesOutExactly() {
        byte[] plane = flat(100);
        // white at 0.4 over 100: 0.6 * 100 + 0.4 * 255 = 162, a bar 5 pixels wide (narrower than the opening)
        for (int y = 10; y < 38; y++) {
            for (int x = 20; x < 25; x++) {
                plane[y * W + x] = (byte) 162;
            }
        }
        OverlayRemover remover = new OverlayRemover();
        remover.find(plane, W, H, RADIUS);
        byte[] out = new byte[W * H];
        assertThat(remover.remove(plane, W, H, RADIUS, WHITE_40, out)).isEqualTo(1.0);
        assertThat(out).isEqualTo(flat(100));
    }

    @Test
    void aJointWiderThanTheOpeningIsGrownIntoAndComesOutExactly() {
        // white at 0.4 over 60 is 138: a bar 5 pixels tall (thin: the opening is the picture under it) through an
        // 8 x 8 block (wider than the opening's 7 x 7 square: the opening keeps it, so no pixel of it fits the
        // blend over the opening); the block is reached by growing from the bar, at most 2 RADIUS + 1 steps
        byte[] plane = flat(60);
        for (int y = 20; y < 25; y++) {
            for (int x = 10; x < 54; x++) {
                plane[y * W + x] = (byte) 138;
            }
        }
        for (int y = 19; y < 27; y++) {
            for (int x = 30; x < 38; x++) {
                plane[y * W + x] = (byte) 138;
            }
        }
        OverlayRemover remover = new OverlayRemover();
        remover.find(plane, W, H, RADIUS);
        byte[] out = new byte[W * H];
        // the evidence is taken before growing: the block, not yet in the mask, counts as background of the bar
        assertThat(remover.remove(plane, W, H, RADIUS, WHITE_40, out)).isGreaterThan(OverlayRemover.MIN_EVIDENCE);
        assertThat(out).isEqualTo(flat(60));
    }

    @Test
    void growingStopsWhereTheInversionWouldMoveAPixelAwayFromItsBackground() {
        // the same bar over 60, and right of it, touching its end, a bright patch of the picture (140, within the
        // fit tolerance of the bar's 138) over a 140 background: inverted it would be 73, far from its 140
        byte[] plane = flat(60);
        for (int y = 20; y < 25; y++) {
            for (int x = 10; x < 30; x++) {
                plane[y * W + x] = (byte) 138;
            }
        }
        byte[] expected = flat(60);
        for (int y = 0; y < H; y++) {
            for (int x = 30; x < W; x++) {
                plane[y * W + x] = (byte) 140;
                expected[y * W + x] = (byte) 140;
            }
        }
        OverlayRemover remover = new OverlayRemover();
        remover.find(plane, W, H, RADIUS);
        byte[] out = new byte[W * H];
        remover.remove(plane, W, H, RADIUS, WHITE_40, out);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void opaqueStrokesOfTheOverlaysColourAndTheirShadowTakeTheBackground() {
        // the translucent bar, and elsewhere a small opaque "name" in the same white: 2-pixel strokes (255) with a
        // drop shadow one pixel right and down (black at 0.5 over 60: 30), as channels sign a corner
        byte[] plane = flat(60);
        for (int y = 10; y < 38; y++) {
            for (int x = 8; x < 13; x++) {
                plane[y * W + x] = (byte) 138;
            }
        }
        int[][] strokes = {{40, 30, 12, 2}, {40, 30, 2, 10}, {50, 30, 2, 10}, {44, 34, 6, 2}}; // x, y, w, h
        for (int[] s : strokes) {
            fill(plane, s[0] + 1, s[1] + 1, s[2], s[3], 30);
        }
        for (int[] s : strokes) {
            fill(plane, s[0], s[1], s[2], s[3], 255);
        }
        OverlayRemover remover = new OverlayRemover();
        remover.find(plane, W, H, RADIUS);
        byte[] out = new byte[W * H];
        assertThat(remover.remove(plane, W, H, RADIUS, WHITE_40, out)).isEqualTo(1.0);
        assertThat(out).isEqualTo(flat(60));
    }

    @Test
    void brightStripesOfThePictureFitABlendButAreNoEvidence() {
        // a band of 2-pixel stripes, 40 and 125, in a flat 100 picture: over the opening (40) the bright stripes
        // fit white at 0.4 (126), but inverted (38) they are further from what is around them than before
        byte[] plane = flat(100);
        int[] band = {40, 40, 125, 125, 40, 40, 125, 125, 40, 40};
        for (int y = 8; y < 40; y++) {
            for (int i = 0; i < band.length; i++) {
                plane[y * W + 28 + i] = (byte) band[i];
            }
        }
        OverlayRemover remover = new OverlayRemover();
        remover.find(plane, W, H, RADIUS);
        double evidence = remover.remove(plane, W, H, RADIUS, WHITE_40, new byte[W * H]);
        assertThat(evidence).isEqualTo(bruteForceEvidence(plane, v -> v == 125));
        assertThat(evidence).isLessThan(0).isLessThan(OverlayRemover.MIN_EVIDENCE);
    }

    @Test
    void brightStripesOfAnotherColourLeaveTheMaskAndStayAsTheyAre() {
        // a green picture (60, 140, 60: luma 107) with a white bar at 0.4 (138, 186, 138: luma 166, as 0.6 * 107 +
        // 0.4 * 255) and, apart from it, two 2-pixel stripes of lighter grass (90, 220, 90: luma 166 too): in luma
        // they fit the blend as the bar does; in colour the bar is paled by 0.6 (B - Y from -47 to -28), the
        // stripes are greener (-76)
        int[] green = {60, 140, 60};
        int[] bar = {138, 186, 138};
        int[] grass = {90, 220, 90};
        int[][] rgb = new int[W * H][];
        java.util.Arrays.fill(rgb, green);
        for (int y = 10; y < 38; y++) {
            for (int x = 8; x < 13; x++) {
                rgb[y * W + x] = bar;
            }
            for (int x : new int[] {40, 41, 44, 45}) {
                rgb[y * W + x] = grass;
            }
        }
        byte[] plane = new byte[W * H];
        byte[] bgr = new byte[W * H * 3];
        for (int i = 0; i < W * H; i++) {
            plane[i] = (byte) Math.round((299 * rgb[i][0] + 587 * rgb[i][1] + 114 * rgb[i][2]) / 1000.0);
            bgr[3 * i] = (byte) rgb[i][2];
            bgr[3 * i + 1] = (byte) rgb[i][1];
            bgr[3 * i + 2] = (byte) rgb[i][0];
        }
        assertThat(plane[10 * W + 8]).isEqualTo((byte) 166);
        assertThat(plane[10 * W + 40]).isEqualTo((byte) 166);
        DecodedImage image = DecodedImage.ofPixels(bgr, W, H, 3, ImageFormat.PNG);
        byte[] expected = flat(107);
        for (int y = 10; y < 38; y++) {
            for (int x : new int[] {40, 41, 44, 45}) {
                expected[y * W + x] = (byte) 166;
            }
        }
        OverlayRemover remover = new OverlayRemover();
        remover.find(plane, W, H, RADIUS);
        byte[] out = new byte[W * H];
        // luma alone: the stripes are taken for strokes and flattened into the picture
        remover.remove(plane, W, H, RADIUS, WHITE_40, out);
        assertThat(out).isEqualTo(flat(107));
        remover.loadColour(image, 1, W, H);
        assertThat(remover.remove(plane, W, H, RADIUS, WHITE_40, out)).isEqualTo(1.0);
        assertThat(out).isEqualTo(expected);
        // a grey image has no colour: luma alone again
        remover.loadColour(DecodedImage.ofPixels(plane, W, H, 1, ImageFormat.PNG), 1, W, H);
        remover.remove(plane, W, H, RADIUS, WHITE_40, out);
        assertThat(out).isEqualTo(flat(107));
    }

    /**
     * The evidence of {@link #WHITE_40} over the mask {@code inMask} (by value) from its definition: each mask
     * pixel's background is the mean (rounded half up) of the pixels of its clipped square of radius
     * {@code BACKGROUND_SPAN * RADIUS} that are neither in the mask nor next to it.
     */
    private static double bruteForceEvidence(byte[] plane, java.util.function.IntPredicate inMask) {
        boolean[] mask = new boolean[W * H];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = inMask.test(plane[i] & 0xFF);
        }
        boolean[] near = new boolean[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
                    for (int xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) {
                        near[y * W + x] |= mask[yy * W + xx];
                    }
                }
            }
        }
        int span = OverlayRemover.BACKGROUND_SPAN * RADIUS;
        long rise = 0;
        long gain = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (!mask[y * W + x]) {
                    continue;
                }
                int sum = 0;
                int count = 0;
                for (int yy = Math.max(0, y - span); yy <= Math.min(H - 1, y + span); yy++) {
                    for (int xx = Math.max(0, x - span); xx <= Math.min(W - 1, x + span); xx++) {
                        if (!near[yy * W + xx]) {
                            sum += plane[yy * W + xx] & 0xFF;
                            count++;
                        }
                    }
                }
                int bg = (sum + count / 2) / count;
                int q = plane[y * W + x] & 0xFF;
                int p = (int) Math.round((q - 0.4 * 255) / 0.6);
                rise += Math.abs(q - bg);
                gain += Math.abs(q - bg) - Math.abs(p - bg);
            }
        }
        return gain / (double) rise;
    }

    private static void fill(byte[] plane, int x0, int y0, int w, int h, int v) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                plane[y * W + x] = (byte) v;
            }
        }
    }

    private static byte[] flat(int v) {
        byte[] plane = new byte[W * H];
        java.util.Arrays.fill(plane, (byte) v);
        return plane;
    }
}
