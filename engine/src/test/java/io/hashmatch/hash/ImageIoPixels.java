package io.hashmatch.hash;

import io.hashmatch.decode.BgrPixels;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageFormat;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An independent 8-bit PNG decoder for tests (the JDK's ImageIO): grey images as one channel (the grey
 * value), everything else as B,G,R with alpha dropped, as Meta's reference tool sees them. Lets the PDQ
 * tests check the hasher without trusting hashmatch's own decoder.
 */
final class ImageIoPixels {
    private ImageIoPixels() {}

    static DecodedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(image.getColorModel() instanceof IndexColorModel);
        if (grey) {
            byte[] px = new byte[w * h];
            int[] sample = new int[raster.getNumBands()];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, sample);
                    px[y * w + x] = (byte) sample[0];
                }
            }
            return DecodedImage.ofPixels(px, w, h, 1, ImageFormat.PNG);
        }
        return BgrPixels.decoded(image);
    }
}
