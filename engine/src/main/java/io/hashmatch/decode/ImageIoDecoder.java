package io.hashmatch.decode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Last resort for WebP, TIFF and BMP variants OpenCV does not decode: ImageIO with the JDK's TIFF/BMP
 * readers and TwelveMonkeys' WebP reader. Reads from memory only (no disk cache). Thread-safe: each call
 * uses its own reader.
 */
final class ImageIoDecoder {
    private ImageIoDecoder() {}

    /** The first image, or null when no ImageIO reader accepts the data. */
    static @Nullable DecodedImage decode(ByteBuffer data, ImageHeader header) throws Exception {
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(BufferedImagePixels.toArray(data)))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                return BufferedImagePixels.toDecodedImage(image, header.format());
            } finally {
                reader.dispose();
            }
        }
    }
}
