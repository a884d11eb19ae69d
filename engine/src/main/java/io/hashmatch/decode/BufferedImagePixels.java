package io.hashmatch.decode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts a {@link BufferedImage} from the pure-Java decoders into hashmatch's layouts: grey (one channel,
 * 16-bit samples narrowed by {@code >> 8}), or B,G,R / B,G,R,A from {@code getRGB} (alpha carried, not
 * composited). Stateless; thread-safe.
 */
final class BufferedImagePixels {
    private BufferedImagePixels() {}

    static DecodedImage toDecodedImage(BufferedImage image, ImageFormat format) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(image.getColorModel() instanceof IndexColorModel);
        if (grey) {
            Raster raster = image.getRaster();
            int shift = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT ? 8 : 0;
            byte[] px = new byte[Math.multiplyExact(w, h)];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = (byte) (row[x] >> shift);
                }
            }
            return DecodedImage.ofPixels(px, w, h, 1, format);
        }
        int c = image.getColorModel().hasAlpha() ? 4 : 3;
        byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(w, h), c)];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int i = y * w * c;
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                px[i++] = (byte) argb;
                px[i++] = (byte) (argb >> 8);
                px[i++] = (byte) (argb >> 16);
                if (c == 4) {
                    px[i++] = (byte) (argb >>> 24);
                }
            }
        }
        return DecodedImage.ofPixels(px, w, h, c, format);
    }

    /** The bytes from position to limit as an array (the pure-Java decoders need one). */
    static byte[] toArray(java.nio.ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
