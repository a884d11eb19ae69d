package io.hashmatch.hash;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Seeded synthetic images for the variant tests: photo-like content (smooth colour waves, blobs and grain, so
 * that every small block is textured, as in a photograph) and the edits a re-sharer wraps around it, each with
 * the exact rectangle where the photo lands. Text is drawn as glyph-like strokes (no fonts: the result must not
 * depend on the platform's font rendering). Public for the service's tests, which wrap a listed picture the same way.
 */
public final class EditedImages {
    private EditedImages() {}

    /** An edited image and the rectangle(s) of the photo(s) in it. */
    public record Edit(BufferedImage image, PdqVariant.Rect... photos) {}

    /**
     * A photo-like image of {@code w} x {@code h} from {@code seed}: fractal value noise (octaves of smoothly
     * interpolated random grids, each half the cell size and 0.85 times the amplitude of the one before), so that
     * its energy falls with frequency across PDQ's whole band as in a photograph, plus a little grain. (A few
     * smooth waves would leave most DCT coefficients near zero, and such hashes flip under any resampling.)
     */
    public static BufferedImage photo(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int side = Math.max(w, h);
        float[][] planes = new float[3][w * h];
        for (int ch = 0; ch < 3; ch++) {
            float[] plane = planes[ch];
            java.util.Arrays.fill(plane, 98 + r.nextInt(60));
            double amplitude = 40;
            for (int cell = side / 2; cell >= 4; cell /= 2, amplitude *= 0.85) {
                int gw = w / cell + 2;
                int gh = h / cell + 2;
                double[] grid = new double[gw * gh];
                for (int i = 0; i < grid.length; i++) {
                    grid[i] = (r.nextDouble() - 0.5) * 2 * amplitude;
                }
                for (int y = 0; y < h; y++) {
                    int gy = y / cell;
                    double fy = smooth((y % cell) / (double) cell);
                    for (int x = 0; x < w; x++) {
                        int gx = x / cell;
                        double fx = smooth((x % cell) / (double) cell);
                        double top = grid[gy * gw + gx] * (1 - fx) + grid[gy * gw + gx + 1] * fx;
                        double bottom = grid[(gy + 1) * gw + gx] * (1 - fx) + grid[(gy + 1) * gw + gx + 1] * fx;
                        plane[y * w + x] += (float) (top * (1 - fy) + bottom * fy);
                    }
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    long v = Math.round(planes[ch][y * w + x]) + r.nextInt(7) - 3; // grain
                    rgb = rgb << 8 | Math.clamp(v, 0, 255);
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** {@code photo} on a {@code colour} canvas at ({@code left}, {@code top}), canvas {@code w} x {@code h}. */
    public static Edit placed(BufferedImage photo, int w, int h, int left, int top, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.drawImage(photo, left, top, null);
        g.dispose();
        return new Edit(img, new PdqVariant.Rect(left, top, photo.getWidth(), photo.getHeight()));
    }

    /** A uniform border of {@code px} pixels on every side. */
    public static Edit border(BufferedImage photo, int px, Color colour) {
        return placed(photo, photo.getWidth() + 2 * px, photo.getHeight() + 2 * px, px, px, colour);
    }

    /** A meme frame: a white band with black text above the photo and a thinner one below. */
    static Edit meme(BufferedImage photo, long seed) {
        int top = 64;
        int bottom = 40;
        Edit e = placed(photo, photo.getWidth(), photo.getHeight() + top + bottom, 0, top, Color.WHITE);
        Graphics2D g = e.image().createGraphics();
        SplittableRandom r = new SplittableRandom(seed);
        text(g, r, 12, 14, photo.getWidth() - 24, 18, Color.BLACK);
        text(g, r, 12, 38, photo.getWidth() - 24, 18, Color.BLACK);
        text(g, r, 20, top + photo.getHeight() + 12, photo.getWidth() - 40, 16, Color.BLACK);
        g.dispose();
        return e;
    }

    /**
     * A 2x2 collage of four photos of {@code w} x {@code h} ({@link #photo} of {@code seed} to {@code seed + 3}) with
     * {@code gutter}-pixel near-white gutters and outer margin.
     */
    static Edit collage(int w, int h, int gutter, long seed) {
        BufferedImage[] photos = new BufferedImage[4];
        for (int i = 0; i < 4; i++) {
            photos[i] = photo(w, h, seed + i);
        }
        return collage(gutter, new Color(250, 250, 250), photos);
    }

    /**
     * A 2x2 collage of four photos of one size, left to right then top to bottom, with {@code gutter}-pixel gutters
     * and outer margin of {@code colour}.
     */
    public static Edit collage(int gutter, Color colour, BufferedImage... photos) {
        if (photos.length != 4) {
            throw new IllegalArgumentException("a 2x2 collage takes 4 photos, not " + photos.length);
        }
        int w = photos[0].getWidth();
        int h = photos[0].getHeight();
        int cw = 3 * gutter + 2 * w;
        int chh = 3 * gutter + 2 * h;
        BufferedImage img = new BufferedImage(cw, chh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, cw, chh);
        PdqVariant.Rect[] rects = new PdqVariant.Rect[4];
        for (int i = 0; i < 4; i++) {
            if (photos[i].getWidth() != w || photos[i].getHeight() != h) {
                throw new IllegalArgumentException("the photos of a collage have one size");
            }
            int x = gutter + (i % 2) * (w + gutter);
            int y = gutter + (i / 2) * (h + gutter);
            g.drawImage(photos[i], x, y, null);
            rects[i] = new PdqVariant.Rect(x, y, w, h);
        }
        g.dispose();
        return new Edit(img, rects);
    }

    /**
     * A phone screenshot of a chat: a coloured header with a title, message bubbles with text, the photo in a
     * bubble, a strip of thumbnails, and an input bar, on a light background.
     */
    static Edit chatScreenshot(BufferedImage photo, long seed) {
        int w = 360;
        int h = 640;
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(236, 229, 221));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(7, 94, 84));
        g.fillRect(0, 0, w, 56);
        g.setColor(new Color(200, 200, 200));
        g.fillOval(12, 10, 36, 36);
        text(g, r, 60, 20, 140, 14, Color.WHITE);
        // bubbles above the photo
        bubble(g, r, 16, 72, 220, 44, Color.WHITE);
        bubble(g, r, 120, 128, 224, 44, new Color(220, 248, 198));
        int left = 40;
        int top = 200;
        g.setColor(new Color(220, 248, 198));
        g.fillRoundRect(left - 6, top - 6, photo.getWidth() + 12, photo.getHeight() + 30, 12, 12);
        g.drawImage(photo, left, top, null);
        text(g, r, left, top + photo.getHeight() + 6, 80, 10, new Color(90, 90, 90));
        // a strip of three thumbnails (a shared album) below: rows through it are not UI, so a plain trim
        // cannot find the photo
        int stripTop = top + photo.getHeight() + 40;
        for (int i = 0; i < 3; i++) {
            g.drawImage(photo(96, 64, seed + 100 + i), 16 + i * 104, stripTop, null);
        }
        bubble(g, r, 16, stripTop + 76, 250, 44, Color.WHITE);
        g.setColor(Color.WHITE);
        g.fillRoundRect(8, h - 56, w - 70, 44, 22, 22);
        g.setColor(new Color(7, 94, 84));
        g.fillOval(w - 54, h - 56, 44, 44);
        text(g, r, 24, h - 42, 120, 14, new Color(150, 150, 150));
        g.dispose();
        return new Edit(img, new PdqVariant.Rect(left, top, photo.getWidth(), photo.getHeight()));
    }

    /**
     * A dark chat screenshot of 720 x 1280 (analysed on a plane of a third of its size) with the photo as a chat
     * app draws it: in a bubble with a padding of 8 pixels, clipped to a rounded rectangle (radius 12), a time
     * stamp in white strokes over its bottom-right corner; the photo's top rows are painted one plain colour (a
     * clear sky: uniform lines inside the photo that are not its frame).
     */
    static Edit chatPhotoBubble(BufferedImage photo, long seed) {
        int w = 720;
        int h = 1280;
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(11, 20, 26));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(31, 44, 52));
        g.fillRect(0, 0, w, 150);
        text(g, r, 150, 60, 260, 28, Color.WHITE);
        bubble(g, r, 24, 190, 420, 70, new Color(32, 44, 51));
        bubble(g, r, 300, 280, 396, 70, new Color(0, 92, 75));
        int left = 187;
        int top = 387;
        int pad = 8;
        Color bubble = new Color(0, 92, 75);
        g.setColor(bubble);
        g.fillRoundRect(left - pad, top - pad, photo.getWidth() + 2 * pad, photo.getHeight() + 2 * pad, 24, 24);
        BufferedImage sky = withSky(photo);
        g.setClip(new java.awt.geom.RoundRectangle2D.Double(left, top, photo.getWidth(), photo.getHeight(), 24, 24));
        g.drawImage(sky, left, top, null);
        g.setClip(null);
        text(g, r, left + photo.getWidth() - 70, top + photo.getHeight() - 28, 56, 14, Color.WHITE);
        int y = top + photo.getHeight() + pad + 24;
        while (y < h - 200) {
            bubble(g, r, 24 + r.nextInt(200), y, 300 + r.nextInt(150), 70, new Color(32, 44, 51));
            y += 90;
        }
        g.dispose();
        return new Edit(img, new PdqVariant.Rect(left, top, photo.getWidth(), photo.getHeight()));
    }

    /** The photo as {@link #chatPhotoBubble} shows it, before the clip and the time stamp: the plain top band. */
    static BufferedImage withSky(BufferedImage photo) {
        BufferedImage sky = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D s = sky.createGraphics();
        s.drawImage(photo, 0, 0, null);
        s.setColor(new Color(120, 160, 200));
        s.fillRect(0, 0, photo.getWidth(), photo.getHeight() / 8);
        s.dispose();
        return sky;
    }

    private static void bubble(Graphics2D g, SplittableRandom r, int x, int y, int w, int h, Color c) {
        g.setColor(c);
        g.fillRoundRect(x, y, w, h, 12, 12);
        text(g, r, x + 10, y + 8, w - 20, 12, new Color(30, 30, 30));
        text(g, r, x + 10, y + 26, (w - 20) / 2, 10, new Color(30, 30, 30));
    }

    /** A line of glyph-like strokes: letters of 2-4 strokes, spaces between words. */
    static void text(Graphics2D g, SplittableRandom r, int x, int y, int width, int size, Color c) {
        g.setColor(c);
        int stroke = Math.max(2, size / 6);
        int cx = x;
        while (cx + size / 2 < x + width) {
            if (r.nextInt(6) == 0) {
                cx += size / 2; // space
                continue;
            }
            int lw = size / 2 + r.nextInt(size / 3 + 1);
            g.fillRect(cx, y, stroke, size);
            switch (r.nextInt(3)) {
                case 0 -> g.fillRect(cx, y, lw, stroke);
                case 1 -> g.fillRect(cx, y + size / 2, lw, stroke);
                default -> g.fillRect(cx + lw - stroke, y, stroke, size);
            }
            g.fillRect(cx, y + size - stroke, lw, stroke);
            cx += lw + stroke + 1;
        }
    }
}
