package io.hashmatch.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Makes a strongly blurred greyscale thumbnail of an image, in memory, as a PNG {@code data:} URI for the HTML
 * report (reviewer wellness: a hit can be confirmed at a glance without showing the picture). The image is
 * averaged down to at most {@value #CELLS} cells on its longer side, then scaled up bilinearly to at most
 * {@value #SIDE} pixels: shapes and tones survive, details do not. Nothing is ever written to a file.
 *
 * The scanner makes it while the image's bytes are in memory: pass {@code BlurredThumbnail::dataUri} to
 * {@link io.hashmatch.scan.Scanner.Builder#thumbnails}.
 *
 * <p>Stateless; thread-safe.
 */
public final class BlurredThumbnail {
    /** Cells on the longer side of the averaged image: the blur's strength. */
    static final int CELLS = 10;
    /** Longer side of the thumbnail in pixels. */
    static final int SIDE = 96;

    private BlurredThumbnail() {}

    /** The thumbnail of the image in {@code bytes}, or null when ImageIO cannot decode it. */
    public static @Nullable String dataUri(byte[] bytes) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
            return null;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int cw = Math.max(1, w >= h ? CELLS : CELLS * w / h);
        int ch = Math.max(1, h >= w ? CELLS : CELLS * h / w);
        BufferedImage cells = new BufferedImage(cw, ch, BufferedImage.TYPE_BYTE_GRAY);
        long[] sum = new long[cw * ch];
        long[] count = new long[cw * ch];
        int step = Math.max(1, (int) Math.sqrt((double) w * h / 40_000)); // sample about 40 000 pixels
        for (int y = 0; y < h; y += step) {
            int cy = (int) ((long) y * ch / h);
            for (int x = 0; x < w; x += step) {
                int rgb = image.getRGB(x, y);
                int grey = (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
                int c = cy * cw + (int) ((long) x * cw / w);
                sum[c] += grey;
                count[c]++;
            }
        }
        for (int c = 0; c < sum.length; c++) {
            int v = count[c] == 0 ? 128 : (int) (sum[c] / count[c]);
            cells.getRaster().setSample(c % cw, c / cw, 0, v);
        }
        int tw = Math.max(1, w >= h ? SIDE : SIDE * w / h);
        int th = Math.max(1, h >= w ? SIDE : SIDE * h / w);
        BufferedImage thumb = new BufferedImage(tw, th, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = thumb.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(cells, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(thumb, "png", png);
        } catch (IOException e) {
            return null; // in memory: does not happen
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }
}
