package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    private DecodedImage decode(byte[] bytes) throws DecodeException {
        return decoder.decode(ByteBuffer.wrap(bytes));
    }

    private static DecodedImage decodeDirect(ImageDecoder d, byte[] bytes) throws DecodeException {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return d.decode(direct);
    }

    @Test
    void pngRgbDecodesToExactBgr() throws Exception {
        BufferedImage img = TestImages.rgb(37, 23, 1);
        try (DecodedImage d = decode(TestImages.png(img))) {
            assertThat(d.format()).isEqualTo(ImageFormat.PNG);
            assertThat(d.width()).isEqualTo(37);
            assertThat(d.height()).isEqualTo(23);
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void pngFromDirectBufferIsNotCopiedAndDecodesTheSame() throws Exception {
        BufferedImage img = TestImages.rgb(50, 40, 2);
        byte[] png = TestImages.png(img);
        try (DecodedImage d = decodeDirect(decoder, png)) {
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void pngRgbaKeepsAlphaAsFourthChannel() throws Exception {
        BufferedImage img = TestImages.argb(19, 31, 3);
        try (DecodedImage d = decode(TestImages.png(img))) {
            assertThat(d.channels()).isEqualTo(4);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, true));
        }
    }

    @Test
    void pngGreyStaysOneChannel() throws Exception {
        BufferedImage img = TestImages.grey(33, 17, 4);
        try (DecodedImage d = decode(TestImages.png(img))) {
            assertThat(d.channels()).isEqualTo(1);
            assertThat(TestImages.pixels(d)).isEqualTo(TestImages.band(img, 0, 0));
        }
    }

    @Test
    void pngGreyAlphaBecomesOneGreyChannel() throws Exception {
        BufferedImage img = TestImages.greyAlpha(21, 14, 5);
        byte[] png = TestImages.png(img);
        assertThat(png[25]).as("PNG colour type").isEqualTo((byte) 4);
        try (DecodedImage d = decode(png)) {
            assertThat(d.channels()).isEqualTo(1);
            assertThat(TestImages.pixels(d)).isEqualTo(TestImages.band(img, 0, 0));
        }
    }

    @Test
    void pngPaletteExpandsToBgr() throws Exception {
        BufferedImage img = TestImages.palette(29, 13, 6);
        byte[] png = TestImages.png(img);
        assertThat(png[25]).as("PNG colour type").isEqualTo((byte) 3);
        try (DecodedImage d = decode(png)) {
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void png16BitGreyKeepsTheHighByte() throws Exception {
        BufferedImage img = TestImages.sixteenBit(15, 9, 1, 7);
        byte[] png = TestImages.png(img);
        assertThat(png[24]).as("PNG bit depth").isEqualTo((byte) 16);
        try (DecodedImage d = decode(png)) {
            assertThat(d.channels()).isEqualTo(1);
            assertThat(TestImages.pixels(d)).isEqualTo(TestImages.band(img, 0, 8));
        }
    }

    @Test
    void png16BitRgbKeepsTheHighByteInBgrOrder() throws Exception {
        BufferedImage img = TestImages.sixteenBit(12, 10, 3, 8);
        byte[] png = TestImages.png(img);
        assertThat(png[24]).as("PNG bit depth").isEqualTo((byte) 16);
        byte[] r = TestImages.band(img, 0, 8);
        byte[] g = TestImages.band(img, 1, 8);
        byte[] b = TestImages.band(img, 2, 8);
        byte[] expected = new byte[r.length * 3];
        for (int i = 0; i < r.length; i++) {
            expected[3 * i] = b[i];
            expected[3 * i + 1] = g[i];
            expected[3 * i + 2] = r[i];
        }
        try (DecodedImage d = decode(png)) {
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(expected);
        }
    }

    @Test
    void gifDecodesFirstFrameExactly() throws Exception {
        BufferedImage img = TestImages.palette(26, 18, 9);
        try (DecodedImage d = decode(TestImages.encode(img, "gif"))) {
            assertThat(d.format()).isEqualTo(ImageFormat.GIF);
            assertThat(d.width()).isEqualTo(26);
            assertThat(d.height()).isEqualTo(18);
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void bmpDecodesExactly() throws Exception {
        BufferedImage img = TestImages.rgb(27, 11, 10);
        try (DecodedImage d = decode(TestImages.encode(img, "bmp"))) {
            assertThat(d.format()).isEqualTo(ImageFormat.BMP);
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void tiffDecodesExactly() throws Exception {
        BufferedImage img = TestImages.rgb(24, 16, 11);
        try (DecodedImage d = decode(TestImages.encode(img, "tiff"))) {
            assertThat(d.format()).isEqualTo(ImageFormat.TIFF);
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void losslessWebpDecodesExactly() throws Exception {
        BufferedImage img = TestImages.rgb(30, 20, 20);
        byte[] webp = TestImages.webp(img, 101);
        try (DecodedImage d = decode(webp)) {
            assertThat(d.format()).isEqualTo(ImageFormat.WEBP);
            assertThat(d.channels()).isEqualTo(3);
            assertThat(TestImages.pixels(d)).isEqualTo(BgrPixels.of(img, false));
        }
    }

    @Test
    void lossyWebpDecodesToItsSize() throws Exception {
        try (DecodedImage d = decode(TestImages.webp(TestImages.rgb(45, 33, 21), 80))) {
            assertThat(d.width()).isEqualTo(45);
            assertThat(d.height()).isEqualTo(33);
        }
    }

    @Test
    void jpegDecodesToItsSizeCloseToTheSource() throws Exception {
        BufferedImage img = TestImages.rgb(64, 48, 12);
        try (DecodedImage d = decode(TestImages.jpeg(img))) {
            assertThat(d.format()).isEqualTo(ImageFormat.JPEG);
            assertThat(d.width()).isEqualTo(64);
            assertThat(d.height()).isEqualTo(48);
            assertThat(d.channels()).isEqualTo(3);
            assertThat(d.rowStride()).isEqualTo(64 * 3);
        }
    }

    @Test
    void greyJpegIsOneChannel() throws Exception {
        try (DecodedImage d = decode(TestImages.jpeg(TestImages.grey(40, 30, 13)))) {
            assertThat(d.channels()).isEqualTo(1);
        }
    }

    @Test
    void closeIsIdempotent() throws Exception {
        DecodedImage d = decode(TestImages.png(TestImages.rgb(8, 8, 14)));
        d.close();
        d.close();
        assertThat(d.width()).isEqualTo(8);
    }

    @Test
    void callerBufferPositionIsNotMoved() throws Exception {
        byte[] png = TestImages.png(TestImages.rgb(8, 8, 15));
        byte[] padded = new byte[png.length + 10];
        System.arraycopy(png, 0, padded, 5, png.length);
        ByteBuffer buf = ByteBuffer.wrap(padded, 5, png.length);
        try (DecodedImage d = decoder.decode(buf)) {
            assertThat(d.width()).isEqualTo(8);
        }
        assertThat(buf.position()).isEqualTo(5);
        assertThat(buf.limit()).isEqualTo(5 + png.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 512, 1024, 1025, 2047, 2048, 4095, 4096, 8000})
    void fastScaleKeepsTheShortSideAtLeast512(int shortSide) {
        int scale = ImageDecoder.fastJpegScale(shortSide * 2L, shortSide);
        if (shortSide <= 1024) {
            assertThat(scale).isEqualTo(1);
        } else {
            assertThat(shortSide / scale).isGreaterThanOrEqualTo(512);
            assertThat(shortSide / (scale * 2)).isLessThan(512);
        }
    }

    @Test
    void fastScaleTable() {
        assertThat(List.of(
                        ImageDecoder.fastJpegScale(4000, 3000),
                        ImageDecoder.fastJpegScale(1500, 1200),
                        ImageDecoder.fastJpegScale(5000, 5000),
                        ImageDecoder.fastJpegScale(1024, 1024)))
                .containsExactly(4, 2, 8, 1);
    }

    @Test
    void fastModeDecodesLargeJpegAtReducedScale() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(2200, 1100, 16));
        try (DecodedImage d = new ImageDecoder(DecodeLimits.defaults(), true).decode(ByteBuffer.wrap(jpeg))) {
            assertThat(d.width()).isEqualTo(1100);
            assertThat(d.height()).isEqualTo(550);
            assertThat(d.channels()).isEqualTo(3);
        }
        try (DecodedImage d = decode(jpeg)) {
            assertThat(d.width()).isEqualTo(2200);
        }
    }

    @Test
    void fastModeKeepsGreyJpegGrey() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.grey(2100, 2100, 17));
        try (DecodedImage d = new ImageDecoder(DecodeLimits.defaults(), true).decode(ByteBuffer.wrap(jpeg))) {
            assertThat(d.width()).isEqualTo(525);
            assertThat(d.channels()).isEqualTo(1);
        }
    }

    @Test
    void pixelLimitIsCheckedBeforeDecoding() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(99, DecodeLimits.DEFAULT_MAX_FILE_BYTES), false);
        assertThatThrownBy(() -> small.decode(ByteBuffer.wrap(TestImages.png(TestImages.rgb(10, 10, 18)))))
                .isInstanceOfSatisfying(DecodeException.class, e -> {
                    assertThat(e.error()).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("10x10").contains("99");
                });
    }

    @Test
    void probeReportsFormatAndSizeWithoutDecoding() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(70, 20, 19));
        // baseline colour JPEG: its BGR output (counted as 4 bytes, as CMYK would be), the PDQ rows, the file's copy
        long decodeBytes = 70 * 20 * 4 + (70 + 20) * 256 + jpeg.length;
        assertThat(ImageDecoder.probe(ByteBuffer.wrap(jpeg)))
                .isEqualTo(new ImageInfo(ImageFormat.JPEG, 70, 20, decodeBytes));
    }

    /**
     * The memory bound of a 16-bit RGB PNG counts the decoder's 6 bytes per pixel and the 3-byte copy narrowed to
     * 8 bits: a 7000x7000 header of a few hundred bytes declares 441 MB of decode.
     */
    @Test
    void decodeBytesOfA16BitPngCountsTheWideAndTheNarrowedPixels() throws Exception {
        byte[] header = pngHeader(7000, 7000, 16, 2);
        assertThat(ImageDecoder.probe(ByteBuffer.wrap(header)).decodeBytes())
                .isEqualTo(7000L * 7000 * 9 + 14000 * 256 + header.length);
        byte[] grey8 = pngHeader(300, 200, 8, 0);
        assertThat(ImageDecoder.probe(ByteBuffer.wrap(grey8)).decodeBytes())
                .isEqualTo(300 * 200 + 500 * 256 + grey8.length);
        byte[] huge = pngHeader(Integer.MAX_VALUE, Integer.MAX_VALUE, 16, 6);
        assertThat(ImageDecoder.probe(ByteBuffer.wrap(huge)).decodeBytes()).isEqualTo(Long.MAX_VALUE);
    }

    /** A PNG signature and IHDR chunk only (enough for {@link ImageDecoder#probe}). */
    private static byte[] pngHeader(int width, int height, int depth, int colourType) {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(width).putInt(height).put((byte) depth).put((byte) colourType).put(new byte[3]);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The bundled reference images: every one decodes, with the size and channel count its info column says. */
    @Test
    void bundledReferenceImagesDecodeWithTheirDeclaredSizeAndChannels() throws Exception {
        Path dir = Path.of(
                        ImageDecoderTest.class.getResource("/pdq/vectors.tsv").toURI())
                .getParent();
        List<String> lines = Files.readAllLines(dir.resolve("vectors.tsv"));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            String[] info = f[1].split(",");
            String[] size = info[2].split("x");
            byte[] bytes = Files.readAllBytes(dir.resolve("images").resolve(f[0]));
            try (DecodedImage d = decode(bytes)) {
                assertThat(d.width()).as(f[0]).isEqualTo(Integer.parseInt(size[0]));
                assertThat(d.height()).as(f[0]).isEqualTo(Integer.parseInt(size[1]));
                int expectedChannels =
                        switch (info[1]) {
                            case "L", "LA", "1", "I" -> 1;
                            case "RGBA" -> 4;
                            default -> -1;
                        };
                if (expectedChannels > 0) {
                    assertThat(d.channels()).as(f[0] + " " + f[1]).isEqualTo(expectedChannels);
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(lines.size() - 1).isGreaterThan(100);
    }
}
