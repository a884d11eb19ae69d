package io.hashmatch.bench.robust;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes the edited copies of the robust-matching benchmark with Java2D, deterministically: the same source
 * pixels, kind, seed and fillers give the same pixels and, through {@link #encode}, the same bytes.
 *
 * <p>All randomness comes from a {@link SplittableRandom} seeded by {@link #seed(long, String, EditKind)}, so
 * an edit depends on the run's seed, the source's name and the kind, not on which other images are in the
 * corpus. Text is drawn in DejaVu Sans (Debian's {@code fonts-dejavu-core}); another font changes the text's
 * pixels but not the geometry. Stateless; thread-safe.
 */
public final class EditGenerator {
    private static final String FONT = "DejaVu Sans";
    private static final String[] WORDS = {
        "when", "the", "weekend", "finally", "arrives", "me", "trying", "to", "explain", "my", "plans", "nobody",
        "asked", "for", "this", "view", "again", "monday", "mood", "look", "at", "what", "found", "today", "best",
        "day", "ever", "not", "sure", "about", "that", "send", "help", "wow", "so", "true", "lol", "ok"
    };

    private EditGenerator() {}

    /** The seed of one edit: mixes the run's seed, the source's name and the kind (stable across JVMs). */
    public static long seed(long runSeed, String sourceName, EditKind kind) {
        long h = runSeed;
        for (char c : (sourceName + "/" + kind.name()).toCharArray()) {
            h = mix(h + c);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Applies one edit.
     *
     * @param source the source photograph (not modified)
     * @param fillers other photographs (not the source) for {@link EditKind#COLLAGE_2X2}; synthetic gradients
     *     stand in when fewer than three are given
     */
    public static EditedImage apply(EditKind kind, BufferedImage source, long seed, List<BufferedImage> fillers) {
        BufferedImage src = rgb(source);
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = src.getWidth();
        int h = src.getHeight();
        Rectangle whole = new Rectangle(0, 0, w, h);
        return switch (kind) {
            case HALF_Q60 -> {
                BufferedImage out = scale(src, Math.max(1, w / 2), Math.max(1, h / 2));
                yield new EditedImage(out, whole, bounds(out), 60);
            }
            case WATERMARK -> new EditedImage(watermark(src, rnd), whole, whole, 85);
            case MIRROR_CROP5 -> {
                Rectangle keep = crop(w, h, 0.05, rnd);
                BufferedImage mirrored = mirror(src);
                // Column x of the source is column w-1-x of the mirror.
                Rectangle inMirror = new Rectangle(w - keep.x - keep.width, keep.y, keep.width, keep.height);
                BufferedImage out = sub(mirrored, inMirror);
                yield new EditedImage(out, keep, bounds(out), 85);
            }
            case LETTERBOX -> {
                double[] aspects = {1.0, 4.0 / 5.0, 9.0 / 16.0}; // canvas width / height, taller than the photo
                double aspect = aspects[rnd.nextInt(aspects.length)];
                int ch = Math.max(h + h / 5, (int) Math.round(w / aspect));
                yield bars(src, w, ch, Color.BLACK, 85);
            }
            case PILLARBOX -> {
                int cw = (int) Math.round(w * (1.25 + 0.5 * rnd.nextDouble()));
                yield bars(src, cw, h, Color.BLACK, 85);
            }
            case CROP10 -> cropEdit(src, crop(w, h, 0.10, rnd));
            case CROP25 -> cropEdit(src, crop(w, h, 0.25, rnd));
            case OFFCENTRE_CROP -> {
                int kw = (int) Math.round(w * 0.70);
                int kh = (int) Math.round(h * 0.70);
                Rectangle keep = new Rectangle(rnd.nextBoolean() ? 0 : w - kw, rnd.nextBoolean() ? 0 : h - kh, kw, kh);
                yield cropEdit(src, keep);
            }
            case BORDER10 -> {
                Color[] colours = {Color.WHITE, Color.BLACK, new Color(0xF4E1C1), new Color(0x2B4C7E)};
                int bx = (int) Math.round(w * 0.10);
                int by = (int) Math.round(h * 0.10);
                BufferedImage out = canvas(w + 2 * bx, h + 2 * by, colours[rnd.nextInt(colours.length)]);
                Graphics2D g = out.createGraphics();
                g.drawImage(src, bx, by, null);
                g.dispose();
                yield new EditedImage(out, whole, new Rectangle(bx, by, w, h), 85);
            }
            case MEME_FRAME -> memeFrame(src, rnd);
            case COLLAGE_2X2 -> collage(src, rnd, fillers);
            case SCREENSHOT -> screenshot(src, rnd);
            case ROTATE -> {
                double degrees = (2 + 4 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                BufferedImage out = canvas(w, h, rnd.nextBoolean() ? Color.WHITE : Color.BLACK);
                Graphics2D g = quality(out.createGraphics());
                g.rotate(Math.toRadians(degrees), w / 2.0, h / 2.0);
                g.drawImage(src, 0, 0, null);
                g.dispose();
                yield new EditedImage(out, whole, whole, 85);
            }
            case COLOUR_FILTER -> new EditedImage(colourFilter(src, rnd.nextInt(6)), whole, whole, 85);
            case STICKERS -> new EditedImage(stickers(src, rnd), whole, whole, 85);
            case TEXT_CENTRE -> {
                BufferedImage out = copy(src);
                Graphics2D g = quality(out.createGraphics());
                int size = Math.max(12, h / 9);
                String line1 = words(rnd, 2 + rnd.nextInt(2)).toUpperCase(java.util.Locale.ROOT);
                String line2 = words(rnd, 2 + rnd.nextInt(2)).toUpperCase(java.util.Locale.ROOT);
                outlinedText(g, line1, new Font(FONT, Font.BOLD, size), w / 2, h / 2 - size / 8, w);
                outlinedText(g, line2, new Font(FONT, Font.BOLD, size), w / 2, h / 2 + size, w);
                g.dispose();
                yield new EditedImage(out, whole, whole, 85);
            }
            case BLUR -> new EditedImage(gaussian(src, 2 + 2 * rnd.nextDouble()), whole, whole, 85);
            case SHARPEN -> new EditedImage(unsharp(src, 1.0 + 0.5 * rnd.nextDouble()), whole, whole, 85);
            case RECOMPRESS -> {
                BufferedImage cur = src;
                int rounds = 4 + rnd.nextInt(3);
                for (int i = 0; i < rounds; i++) {
                    double f = 0.85 + 0.15 * rnd.nextDouble();
                    cur = scale(cur, Math.max(1, (int) (cur.getWidth() * f)), Math.max(1, (int) (cur.getHeight() * f)));
                    cur = decode(jpeg(cur, 50 + rnd.nextInt(31)));
                }
                yield new EditedImage(cur, whole, bounds(cur), 50 + rnd.nextInt(31));
            }
            case STRETCH -> {
                double f = 1.15 + 0.25 * rnd.nextDouble();
                boolean horizontal = rnd.nextBoolean();
                BufferedImage out =
                        scale(src, horizontal ? (int) Math.round(w * f) : w, horizontal ? h : (int) Math.round(h * f));
                yield new EditedImage(out, whole, bounds(out), 85);
            }
        };
    }

    /** Encodes as JPEG at the edit's quality, or PNG; deterministic for the same pixels. */
    public static byte[] encode(EditedImage edited) {
        return edited.jpegQuality() == 0 ? png(edited.image()) : jpeg(edited.image(), edited.jpegQuality());
    }

    /** A copy of {@code source} whose longer side is at most {@code maxSide} pixels, in RGB. */
    public static BufferedImage fit(BufferedImage source, int maxSide) {
        BufferedImage src = rgb(source);
        int w = src.getWidth();
        int h = src.getHeight();
        if (Math.max(w, h) <= maxSide) {
            return src;
        }
        double f = maxSide / (double) Math.max(w, h);
        return scale(src, Math.max(1, (int) Math.round(w * f)), Math.max(1, (int) Math.round(h * f)));
    }

    // ---- edits ---------------------------------------------------------------------------------------------

    /** A centred-at-random crop removing {@code fraction} of each dimension. */
    static Rectangle crop(int w, int h, double fraction, SplittableRandom rnd) {
        int cutW = (int) Math.round(w * fraction);
        int cutH = (int) Math.round(h * fraction);
        int left = rnd.nextInt(cutW + 1);
        int top = rnd.nextInt(cutH + 1);
        return new Rectangle(left, top, w - cutW, h - cutH);
    }

    private static EditedImage cropEdit(BufferedImage src, Rectangle keep) {
        BufferedImage out = sub(src, keep);
        return new EditedImage(out, keep, bounds(out), 85);
    }

    private static EditedImage bars(BufferedImage src, int cw, int ch, Color colour, int quality) {
        BufferedImage out = canvas(cw, ch, colour);
        int x = (cw - src.getWidth()) / 2;
        int y = (ch - src.getHeight()) / 2;
        Graphics2D g = out.createGraphics();
        g.drawImage(src, x, y, null);
        g.dispose();
        return new EditedImage(out, bounds(src), new Rectangle(x, y, src.getWidth(), src.getHeight()), quality);
    }

    private static BufferedImage watermark(BufferedImage src, SplittableRandom rnd) {
        BufferedImage out = copy(src);
        int w = out.getWidth();
        int h = out.getHeight();
        Graphics2D g = quality(out.createGraphics());
        String name = "@" + words(rnd, 1) + "_" + words(rnd, 1) + (10 + rnd.nextInt(90));
        Font big = new Font(FONT, Font.BOLD, Math.max(10, h / 7));
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.30f + 0.2f * (float) rnd.nextDouble()));
        g.setColor(Color.WHITE);
        AffineTransform saved = g.getTransform();
        g.rotate(Math.toRadians(-15 - 20 * rnd.nextDouble()), w / 2.0, h / 2.0);
        g.setFont(big);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(name, (w - fm.stringWidth(name)) / 2, h / 2 + fm.getAscent() / 3);
        g.setTransform(saved);
        g.setComposite(AlphaComposite.SrcOver);
        Font small = new Font(FONT, Font.BOLD, Math.max(8, h / 24));
        g.setFont(small);
        fm = g.getFontMetrics();
        int x = rnd.nextBoolean() ? h / 40 : w - fm.stringWidth(name) - h / 40;
        int y = rnd.nextBoolean() ? fm.getAscent() + h / 40 : h - h / 40 - fm.getDescent();
        g.setColor(new Color(0, 0, 0, 140));
        g.drawString(name, x + 2, y + 2);
        g.setColor(Color.WHITE);
        g.drawString(name, x, y);
        g.dispose();
        return out;
    }

    private static EditedImage memeFrame(BufferedImage src, SplittableRandom rnd) {
        int w = src.getWidth();
        int h = src.getHeight();
        int side = (int) Math.round(w * 0.02 * rnd.nextInt(3)); // 0, 2 or 4 % white margins at the sides
        int top = (int) Math.round(h * (0.18 + 0.10 * rnd.nextDouble()));
        int bottom = rnd.nextBoolean() ? (int) Math.round(h * (0.08 + 0.06 * rnd.nextDouble())) : side;
        BufferedImage out = canvas(w + 2 * side, top + h + bottom, Color.WHITE);
        Graphics2D g = quality(out.createGraphics());
        g.drawImage(src, side, top, null);
        g.setColor(Color.BLACK);
        Font font = new Font(FONT, Font.BOLD, Math.max(10, top / 3));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        String l1 = words(rnd, 3 + rnd.nextInt(3));
        String l2 = words(rnd, 2 + rnd.nextInt(4));
        g.drawString(l1, side + w / 30, top / 2 - fm.getDescent());
        g.drawString(l2, side + w / 30, top / 2 + fm.getAscent() - fm.getDescent());
        if (bottom > side) {
            Font f2 = new Font(FONT, Font.PLAIN, Math.max(8, bottom / 2));
            g.setFont(f2);
            String l3 = words(rnd, 4);
            g.drawString(
                    l3, side + w / 30, top + h + bottom / 2 + g.getFontMetrics().getAscent() / 3);
        }
        g.dispose();
        return new EditedImage(out, bounds(src), new Rectangle(side, top, w, h), 85);
    }

    private static EditedImage collage(BufferedImage src, SplittableRandom rnd, List<BufferedImage> fillers) {
        int tw = Math.max(1, src.getWidth() / 2);
        int th = Math.max(1, src.getHeight() / 2);
        int gutter = 4 + rnd.nextInt(13);
        Color gutterColour = rnd.nextInt(3) == 0 ? Color.BLACK : Color.WHITE;
        BufferedImage out = canvas(2 * tw + 3 * gutter, 2 * th + 3 * gutter, gutterColour);
        int target = rnd.nextInt(4);
        List<BufferedImage> pool = new ArrayList<>(fillers);
        Graphics2D g = quality(out.createGraphics());
        Rectangle placed = new Rectangle();
        for (int tile = 0; tile < 4; tile++) {
            int x = gutter + (tile % 2) * (tw + gutter);
            int y = gutter + (tile / 2) * (th + gutter);
            BufferedImage picture;
            if (tile == target) {
                picture = src;
                placed = new Rectangle(x, y, tw, th);
            } else {
                picture = pool.size() >= 3 ? rgb(pool.remove(rnd.nextInt(pool.size()))) : gradient(tw, th, rnd);
            }
            g.drawImage(cover(picture, tw, th), x, y, null);
        }
        g.dispose();
        return new EditedImage(out, bounds(src), placed, 85);
    }

    /** A phone screenshot of a chat (720 x 1560), the photo in a bubble 70 % of the screen wide. */
    private static EditedImage screenshot(BufferedImage src, SplittableRandom rnd) {
        int sw = 720;
        int sh = 1560;
        boolean dark = rnd.nextBoolean();
        Color background = dark ? new Color(0x0B141A) : new Color(0xEFE7DD);
        Color bubbleIn = dark ? new Color(0x202C33) : Color.WHITE;
        Color bubbleOut = dark ? new Color(0x005C4B) : new Color(0xD9FDD3);
        Color text = dark ? new Color(0xE9EDEF) : new Color(0x111B21);
        BufferedImage out = canvas(sw, sh, background);
        Graphics2D g = quality(out.createGraphics());
        // Status bar and app bar.
        g.setColor(dark ? new Color(0x1F2C34) : new Color(0x008069));
        g.fillRect(0, 0, sw, 170);
        g.setColor(Color.WHITE);
        g.setFont(new Font(FONT, Font.PLAIN, 26));
        g.drawString(String.format(java.util.Locale.ROOT, "%d:%02d", 8 + rnd.nextInt(12), rnd.nextInt(60)), 28, 40);
        g.fill(new Ellipse2D.Double(70, 80, 70, 70));
        g.setFont(new Font(FONT, Font.BOLD, 32));
        g.drawString(capitalise(words(rnd, 1)) + " " + capitalise(words(rnd, 1)), 160, 115);
        g.setFont(new Font(FONT, Font.PLAIN, 22));
        g.drawString("online", 160, 148);
        // Bubbles above the photo.
        Font body = new Font(FONT, Font.PLAIN, 28);
        int y = 200;
        int before = 1 + rnd.nextInt(3);
        for (int i = 0; i < before; i++) {
            y = textBubble(
                    g, body, words(rnd, 3 + rnd.nextInt(5)), y, sw, rnd.nextBoolean(), bubbleIn, bubbleOut, text);
        }
        // The photo bubble.
        int pw = (int) Math.round(sw * 0.70);
        int ph = (int) Math.round(pw * src.getHeight() / (double) src.getWidth());
        int maxPh = sh - y - 260;
        if (ph > maxPh) {
            ph = maxPh;
            pw = (int) Math.round(ph * src.getWidth() / (double) src.getHeight());
        }
        boolean outgoing = rnd.nextBoolean();
        int pad = 6;
        int bx = outgoing ? sw - 24 - pw - 2 * pad : 24;
        g.setColor(outgoing ? bubbleOut : bubbleIn);
        g.fill(new RoundRectangle2D.Double(bx, y, pw + 2 * pad, ph + 2 * pad, 24, 24));
        Shape clip = new RoundRectangle2D.Double(bx + pad, y + pad, pw, ph, 18, 18);
        g.setClip(clip);
        g.drawImage(scale(src, pw, ph), bx + pad, y + pad, null);
        g.setClip(null);
        Rectangle placed = new Rectangle(bx + pad, y + pad, pw, ph);
        g.setColor(Color.WHITE);
        g.setFont(new Font(FONT, Font.PLAIN, 20));
        g.drawString(
                String.format(java.util.Locale.ROOT, "%d:%02d", 8 + rnd.nextInt(12), rnd.nextInt(60)),
                bx + pad + pw - 70,
                y + pad + ph - 14);
        y += ph + 2 * pad + 16;
        // Bubbles below, while they fit.
        while (y < sh - 240) {
            y = textBubble(
                    g, body, words(rnd, 2 + rnd.nextInt(6)), y, sw, rnd.nextBoolean(), bubbleIn, bubbleOut, text);
        }
        // Input bar.
        g.setClip(null);
        g.setColor(background);
        g.fillRect(0, sh - 110, sw, 110);
        g.setColor(bubbleIn);
        g.fill(new RoundRectangle2D.Double(16, sh - 96, sw - 130, 80, 80, 80));
        g.setColor(new Color(0x00A884));
        g.fill(new Ellipse2D.Double(sw - 100, sh - 96, 80, 80));
        g.setColor(dark ? new Color(0x8696A0) : new Color(0x667781));
        g.setFont(body);
        g.drawString("Message", 60, sh - 45);
        g.dispose();
        return new EditedImage(out, bounds(src), placed, 0);
    }

    private static int textBubble(
            Graphics2D g,
            Font font,
            String line,
            int y,
            int sw,
            boolean outgoing,
            Color bubbleIn,
            Color bubbleOut,
            Color text) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int tw = Math.min(sw - 140, fm.stringWidth(line));
        int bw = tw + 40;
        int bh = fm.getHeight() + 30;
        int x = outgoing ? sw - 24 - bw : 24;
        g.setColor(outgoing ? bubbleOut : bubbleIn);
        g.fill(new RoundRectangle2D.Double(x, y, bw, bh, 24, 24));
        g.setColor(text);
        g.drawString(line, x + 20, y + 15 + fm.getAscent());
        return y + bh + 14;
    }

    private static BufferedImage colourFilter(BufferedImage src, int which) {
        BufferedImage out = copy(src);
        int w = out.getWidth();
        int h = out.getHeight();
        int[] px = out.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int r = (px[i] >> 16) & 0xFF;
            int gr = (px[i] >> 8) & 0xFF;
            int b = px[i] & 0xFF;
            double y = 0.299 * r + 0.587 * gr + 0.114 * b;
            double nr;
            double ng;
            double nb;
            switch (which) {
                case 0 -> { // grey
                    nr = y;
                    ng = y;
                    nb = y;
                }
                case 1 -> { // sepia
                    nr = 0.393 * r + 0.769 * gr + 0.189 * b;
                    ng = 0.349 * r + 0.686 * gr + 0.168 * b;
                    nb = 0.272 * r + 0.534 * gr + 0.131 * b;
                }
                case 2 -> { // warm
                    nr = r * 1.15 + 10;
                    ng = gr * 1.02;
                    nb = b * 0.80;
                }
                case 3 -> { // cool
                    nr = r * 0.82;
                    ng = gr * 1.0;
                    nb = b * 1.18 + 10;
                }
                case 4 -> { // saturated
                    nr = y + 1.6 * (r - y);
                    ng = y + 1.6 * (gr - y);
                    nb = y + 1.6 * (b - y);
                }
                default -> { // faded: lower contrast, lifted blacks
                    nr = 60 + 0.7 * r;
                    ng = 55 + 0.7 * gr;
                    nb = 50 + 0.7 * b;
                }
            }
            px[i] = 0xFF000000 | clamp(nr) << 16 | clamp(ng) << 8 | clamp(nb);
        }
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static BufferedImage stickers(BufferedImage src, SplittableRandom rnd) {
        BufferedImage out = copy(src);
        int w = out.getWidth();
        int h = out.getHeight();
        Graphics2D g = quality(out.createGraphics());
        int n = 3 + rnd.nextInt(4);
        Color[] colours = {
            new Color(0xFFD93B), new Color(0xFF5A5F), new Color(0x3DDC97), new Color(0x4D96FF), new Color(0xFF9F1C)
        };
        for (int i = 0; i < n; i++) {
            int size = (int) Math.round(Math.min(w, h) * (0.08 + 0.07 * rnd.nextDouble()));
            int x = rnd.nextInt(Math.max(1, w - size));
            int y = rnd.nextInt(Math.max(1, h - size));
            Shape shape =
                    switch (rnd.nextInt(3)) {
                        case 0 -> new Ellipse2D.Double(x, y, size, size);
                        case 1 -> star(x + size / 2.0, y + size / 2.0, size / 2.0);
                        default -> heart(x, y, size);
                    };
            g.setColor(colours[rnd.nextInt(colours.length)]);
            g.fill(shape);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(2, size / 16f)));
            g.draw(shape);
        }
        g.dispose();
        return out;
    }

    private static Shape star(double cx, double cy, double r) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double a = Math.PI / 2 + i * Math.PI / 5;
            double rr = i % 2 == 0 ? r : r * 0.45;
            double x = cx + rr * Math.cos(a);
            double y = cy - rr * Math.sin(a);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    private static Shape heart(int x, int y, int size) {
        Path2D.Double p = new Path2D.Double();
        p.append(new Ellipse2D.Double(x, y, size / 2.0 + 2, size / 2.0 + 2), false);
        p.append(new Ellipse2D.Double(x + size / 2.0 - 2, y, size / 2.0 + 2, size / 2.0 + 2), false);
        p.append(
                new Polygon(
                        new int[] {x + 1, x + size - 1, x + size / 2},
                        new int[] {y + size / 3, y + size / 3, y + size},
                        3),
                false);
        return p;
    }

    private static void outlinedText(Graphics2D g, String s, Font font, int cx, int baseline, int maxWidth) {
        Font f = font;
        g.setFont(f);
        while (g.getFontMetrics().stringWidth(s) > maxWidth * 0.92 && f.getSize() > 8) {
            f = f.deriveFont((float) (f.getSize() - 2));
            g.setFont(f);
        }
        GlyphVector gv = f.createGlyphVector(g.getFontRenderContext(), s);
        Shape outline = gv.getOutline(cx - g.getFontMetrics().stringWidth(s) / 2f, baseline);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(2, f.getSize() / 10f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(outline);
        g.setColor(Color.WHITE);
        g.fill(outline);
    }

    // ---- pixels --------------------------------------------------------------------------------------------

    private static BufferedImage gaussian(BufferedImage src, double sigma) {
        int radius = (int) Math.ceil(sigma * 3);
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (k[i] / sum);
        }
        // Pad by replicating the edges so the blur does not darken the borders.
        BufferedImage padded = pad(src, radius);
        BufferedImage tmp =
                new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(padded, null);
        BufferedImage both = new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_NO_OP, null).filter(tmp, null);
        return rgb(both.getSubimage(radius, radius, src.getWidth(), src.getHeight()));
    }

    private static BufferedImage unsharp(BufferedImage src, double amount) {
        BufferedImage blurred = gaussian(src, 2.0);
        BufferedImage out = copy(src);
        int w = src.getWidth();
        int h = src.getHeight();
        int[] a = src.getRGB(0, 0, w, h, null, 0, w);
        int[] b = blurred.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < a.length; i++) {
            int r = sharpen((a[i] >> 16) & 0xFF, (b[i] >> 16) & 0xFF, amount);
            int gr = sharpen((a[i] >> 8) & 0xFF, (b[i] >> 8) & 0xFF, amount);
            int bl = sharpen(a[i] & 0xFF, b[i] & 0xFF, amount);
            a[i] = 0xFF000000 | r << 16 | gr << 8 | bl;
        }
        out.setRGB(0, 0, w, h, a, 0, w);
        return out;
    }

    private static int sharpen(int v, int blurred, double amount) {
        return clamp(v + amount * (v - blurred));
    }

    private static BufferedImage pad(BufferedImage src, int r) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w + 2 * r, h + 2 * r, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h + 2 * r; y++) {
            int sy = Math.clamp(y - r, 0, h - 1);
            for (int x = 0; x < w + 2 * r; x++) {
                out.setRGB(x, y, src.getRGB(Math.clamp(x - r, 0, w - 1), sy));
            }
        }
        return out;
    }

    private static BufferedImage gradient(int w, int h, SplittableRandom rnd) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int c0 = rnd.nextInt(0x1000000);
        int c1 = rnd.nextInt(0x1000000);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double t = (x + y) / (double) (w + h);
                out.setRGB(x, y, lerp(c0, c1, t));
            }
        }
        return out;
    }

    private static int lerp(int c0, int c1, double t) {
        int r = clamp(((c0 >> 16) & 0xFF) * (1 - t) + ((c1 >> 16) & 0xFF) * t);
        int g = clamp(((c0 >> 8) & 0xFF) * (1 - t) + ((c1 >> 8) & 0xFF) * t);
        int b = clamp((c0 & 0xFF) * (1 - t) + (c1 & 0xFF) * t);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static int clamp(double v) {
        return Math.clamp(Math.round(v), 0, 255);
    }

    /** Scaled to cover {@code w x h} and centre-cropped to it. */
    private static BufferedImage cover(BufferedImage src, int w, int h) {
        double f = Math.max(w / (double) src.getWidth(), h / (double) src.getHeight());
        int sw = Math.max(w, (int) Math.ceil(src.getWidth() * f));
        int sh = Math.max(h, (int) Math.ceil(src.getHeight() * f));
        BufferedImage scaled = scale(src, sw, sh);
        return sub(scaled, new Rectangle((sw - w) / 2, (sh - h) / 2, w, h));
    }

    /** Scaled with bilinear steps of at most one half, so a downscale averages rather than skips pixels. */
    static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage cur = rgb(src);
        while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
            cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return cur.getWidth() == w && cur.getHeight() == h ? cur : draw(cur, w, h);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = quality(out.createGraphics());
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage mirror(BufferedImage src) {
        int w = src.getWidth();
        BufferedImage out = new BufferedImage(w, src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, src.getRGB(x, y));
            }
        }
        return out;
    }

    private static BufferedImage sub(BufferedImage src, Rectangle r) {
        return copy(src.getSubimage(r.x, r.y, r.width, r.height));
    }

    private static BufferedImage canvas(int w, int h, Color colour) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return out;
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage rgb(BufferedImage src) {
        return src.getType() == BufferedImage.TYPE_INT_RGB ? src : copy(src);
    }

    private static Graphics2D quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    private static Rectangle bounds(BufferedImage image) {
        return new Rectangle(0, 0, image.getWidth(), image.getHeight());
    }

    private static String words(SplittableRandom rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ---- encoding ------------------------------------------------------------------------------------------

    static byte[] jpeg(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(rgb(image), null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer");
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes encoded bytes with ImageIO (bench-side only: the engine decodes the files it hashes itself). */
    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not an image ImageIO reads");
            }
            return rgb(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
