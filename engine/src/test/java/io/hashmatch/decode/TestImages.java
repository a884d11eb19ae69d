package io.hashmatch.decode;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import javax.imageio.ImageIO;

/** Deterministic test images, encoded in memory with the JDK's ImageIO writers. */
final class TestImages {
    private TestImages() {}

    /** A w x h RGB image of noise + gradient (seeded). */
    static BufferedImage rgb(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = (x * 255 / Math.max(1, w - 1) + r.nextInt(40)) & 0xFF;
                int green = (y * 255 / Math.max(1, h - 1) + r.nextInt(40)) & 0xFF;
                int blue = r.nextInt(256);
                img.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return img;
    }

    static BufferedImage argb(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }

    static BufferedImage grey(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, r.nextInt(256));
            }
        }
        return img;
    }

    /** Grey + alpha, 8 bits each: PNG colour type 4. */
    static BufferedImage greyAlpha(int w, int h, long seed) {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true,
                false,
                Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, r.nextInt(256));
                raster.setSample(x, y, 1, r.nextInt(256));
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** 16 bits per sample, {@code bands} 1 (grey) or 3 (RGB). */
    static BufferedImage sixteenBit(int w, int h, int bands, long seed) {
        ColorSpace cs = ColorSpace.getInstance(bands == 1 ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < bands; b++) {
                    raster.setSample(x, y, b, r.nextInt(65536));
                }
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** 16-colour palette image. */
    static BufferedImage palette(int w, int h, long seed) {
        byte[] reds = new byte[16];
        byte[] greens = new byte[16];
        byte[] blues = new byte[16];
        Random r = new Random(seed);
        r.nextBytes(reds);
        r.nextBytes(greens);
        r.nextBytes(blues);
        IndexColorModel cm = new IndexColorModel(8, 16, reds, greens, blues);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setSample(x, y, 0, r.nextInt(16));
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + img);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    static byte[] jpeg(BufferedImage img) {
        return encode(img, "jpeg");
    }

    /** Band {@code band} of the raster, each sample shifted right by {@code shift}. */
    static byte[] band(BufferedImage img, int band, int shift) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) (img.getRaster().getSample(x, y, band) >> shift);
            }
        }
        return out;
    }

    /** The tightly packed pixels of a decoded image (copying out of its buffer, stride removed). */
    static byte[] pixels(DecodedImage image) {
        int rowBytes = image.width() * image.channels();
        byte[] out = new byte[rowBytes * image.height()];
        ByteBuffer px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            px.get(y * image.rowStride(), out, y * rowBytes, rowBytes);
        }
        return out;
    }

    /** A 1x1.. VP8L (lossless WebP) header only: enough for the probe, not for decoding. */
    static byte[] vp8lHeader(int w, int h, int extraBytes) {
        ByteBuffer b = ByteBuffer.allocate(30 + extraBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(30 + extraBytes - 8);
        b.put("WEBPVP8L".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(10 + extraBytes);
        b.put((byte) 0x2F).putInt((w - 1) | (h - 1) << 14);
        return b.array();
    }

    /**
     * WebP encoded by OpenCV (the JDK has no WebP writer): lossless when {@code quality > 100}, else lossy.
     */
    static byte[] webp(BufferedImage img, int quality) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] bgr = BgrPixels.of(img, false);
        try (org.bytedeco.opencv.opencv_core.Mat mat =
                        new org.bytedeco.opencv.opencv_core.Mat(h, w, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
                org.bytedeco.javacpp.BytePointer out = new org.bytedeco.javacpp.BytePointer();
                org.bytedeco.javacpp.IntPointer params = new org.bytedeco.javacpp.IntPointer(
                        org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_WEBP_QUALITY, quality)) {
            mat.data().put(bgr);
            if (!org.bytedeco.opencv.global.opencv_imgcodecs.imencode(".webp", mat, out, params)) {
                throw new IllegalStateException("OpenCV could not encode WebP");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
