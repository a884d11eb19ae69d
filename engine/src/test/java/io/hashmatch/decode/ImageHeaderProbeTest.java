package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageHeaderProbeTest {

    private static ImageHeader probe(byte[] bytes) throws DecodeException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return ImageHeaderProbe.probe(b, FormatSniffer.sniff(b));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @CsvSource({"png, 1, 1", "png, 301, 7", "jpeg, 1, 1", "jpeg, 123, 457", "gif, 3, 250", "bmp, 77, 5", "tiff, 19, 260"
    })
    void declaredSizeOfGeneratedImages(String format, int w, int h) throws DecodeException {
        byte[] bytes =
                TestImages.encode(format.equals("gif") ? TestImages.palette(w, h, 1) : TestImages.rgb(w, h, 1), format);
        ImageHeader header = probe(bytes);
        assertThat(header.width()).isEqualTo(w);
        assertThat(header.height()).isEqualTo(h);
        ImageHeaderProbe.checkComplete(ByteBuffer.wrap(bytes), header);
    }

    @Test
    void pngHeaderCarriesColourTypeAndDepth() throws DecodeException {
        ImageHeader grey16 = probe(TestImages.png(TestImages.sixteenBit(5, 6, 1, 2)));
        assertThat(grey16.pngColourType()).isEqualTo(0);
        assertThat(grey16.bitDepth()).isEqualTo(16);
        assertThat(probe(TestImages.png(TestImages.greyAlpha(5, 6, 2))).pngColourType())
                .isEqualTo(4);
        assertThat(probe(TestImages.png(TestImages.argb(5, 6, 2))).pngColourType())
                .isEqualTo(6);
        assertThat(probe(TestImages.png(TestImages.palette(5, 6, 2))).pngColourType())
                .isEqualTo(3);
    }

    @Test
    void jpegComponentsFromTheFrameHeader() throws DecodeException {
        assertThat(probe(TestImages.jpeg(TestImages.grey(9, 9, 3))).jpegComponents())
                .isEqualTo(1);
        assertThat(probe(TestImages.jpeg(TestImages.rgb(9, 9, 3))).jpegComponents())
                .isEqualTo(3);
    }

    @Test
    void bmpNegativeHeightMeansTopDown() throws DecodeException {
        byte[] bmp = TestImages.encode(TestImages.rgb(10, 20, 4), "bmp");
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(22, -20);
        ImageHeader header = probe(bmp);
        assertThat(header.width()).isEqualTo(10);
        assertThat(header.height()).isEqualTo(20);
    }

    @Test
    void webpVp8lHeader() throws DecodeException {
        ImageHeader header = probe(TestImages.vp8lHeader(1000, 16000, 0));
        assertThat(header.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(header.width()).isEqualTo(1000);
        assertThat(header.height()).isEqualTo(16000);
    }

    @Test
    void webpVp8xHeader() throws DecodeException {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(22).put(ascii("WEBPVP8X")).putInt(10).putInt(0);
        put24(b, 4999);
        put24(b, 299);
        ImageHeader header = probe(b.array());
        assertThat(header.width()).isEqualTo(5000);
        assertThat(header.height()).isEqualTo(300);
    }

    @Test
    void webpVp8Header() throws DecodeException {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(22).put(ascii("WEBPVP8 ")).putInt(10);
        b.put(new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A})
                .putShort((short) (640 | 0x4000))
                .putShort((short) 480);
        ImageHeader header = probe(b.array());
        assertThat(header.width()).as("scale bits masked off").isEqualTo(640);
        assertThat(header.height()).isEqualTo(480);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LITTLE_ENDIAN, 3", "LITTLE_ENDIAN, 4", "BIG_ENDIAN, 3", "BIG_ENDIAN, 4"})
    void tiffFirstIfdInBothByteOrdersWithShortOrLong(String order, int type) throws DecodeException {
        ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * 2 + 4).order(bo);
        b.put(bo == ByteOrder.BIG_ENDIAN ? ascii("MM") : ascii("II"))
                .putShort((short) 42)
                .putInt(8);
        b.putShort((short) 2);
        entry(b, 256, type, 1234);
        entry(b, 257, type, 4321);
        b.putInt(0);
        ImageHeader header = probe(b.array());
        assertThat(header.width()).isEqualTo(1234);
        assertThat(header.height()).isEqualTo(4321);
    }

    private static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    @Test
    void declaredSizeOverTheLimitIsImageTooLargeWithSizeAndLimitInTheMessage() throws DecodeException {
        ImageHeader header = probe(TestImages.vp8lHeader(16384, 16384, 0));
        assertThatThrownBy(() -> ImageHeaderProbe.checkLimits(header, DecodeLimits.defaults()))
                .isInstanceOfSatisfying(DecodeException.class, e -> {
                    assertThat(e.error()).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "webp declares 16384x16384 = 268435456 pixels, over the limit of 100000000 pixels");
                });
    }

    @Test
    void jpegMarkerWalkSkipsApplicationSegmentsByLength() throws DecodeException {
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(31, 29, 5));
        // Insert an APP1 segment that contains a fake SOF0 (FF C0) with another size.
        byte[] app = {(byte) 0xFF, (byte) 0xE1, 0, 12, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0, 9, 0, 9, 3};
        byte[] out = new byte[jpeg.length + app.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app, 0, out, 2, app.length);
        System.arraycopy(jpeg, 2, out, 2 + app.length, jpeg.length - 2);
        ImageHeader header = probe(out);
        assertThat(header.width()).isEqualTo(31);
        assertThat(header.height()).isEqualTo(29);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }
}
