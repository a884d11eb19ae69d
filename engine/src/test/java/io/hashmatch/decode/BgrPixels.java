package io.hashmatch.decode;

import java.awt.image.BufferedImage;

/**
 * The pixels of a {@link BufferedImage} laid out as hashmatch's decoders lay them out: B,G,R (or B,G,R,A) per
 * pixel, rows packed, from {@code getRGB}. A test oracle written apart from the decoders' own conversion, so
 * decoder tests can compare against it and hasher tests can feed known pixels without an encode/decode trip.
 * Stateless; thread-safe.
 */
public final class BgrPixels {
    private BgrPixels() {}

    /** B,G,R per pixel, or B,G,R,A when {@code alpha} (alpha carried as is, not composited). */
    public static byte[] of(BufferedImage img, boolean alpha) {
        int w = img.getWidth();
        int h = img.getHeight();
        int c = alpha ? 4 : 3;
        byte[] out = new byte[w * h * c];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                out[i++] = (byte) argb;
                out[i++] = (byte) (argb >> 8);
                out[i++] = (byte) (argb >> 16);
                if (alpha) {
                    out[i++] = (byte) (argb >>> 24);
                }
            }
        }
        return out;
    }

    /** The image as a 3-channel B,G,R {@link DecodedImage} (alpha dropped), labelled PNG. */
    public static DecodedImage decoded(BufferedImage img) {
        return DecodedImage.ofPixels(of(img, false), img.getWidth(), img.getHeight(), 3, ImageFormat.PNG);
    }
}
