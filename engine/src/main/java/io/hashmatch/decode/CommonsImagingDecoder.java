package io.hashmatch.decode;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import org.apache.commons.imaging.Imaging;

/**
 * GIF (first frame) through Apache Commons Imaging, which OpenCV does not decode reliably. Never used for
 * PNG: Commons Imaging applies the gAMA chunk, which PDQ's reference does not. Thread-safe (stateless).
 */
final class CommonsImagingDecoder {
    private CommonsImagingDecoder() {}

    static DecodedImage decode(ByteBuffer data, ImageHeader header) throws Exception {
        BufferedImage image = Imaging.getBufferedImage(BufferedImagePixels.toArray(data));
        if (image == null) {
            throw new DecodeException(DecodeError.CORRUPT_DATA, header.format().label() + " data could not be decoded");
        }
        return BufferedImagePixels.toDecodedImage(image, header.format());
    }
}
