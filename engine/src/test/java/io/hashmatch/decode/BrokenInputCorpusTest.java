package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken inputs, generated here: each must yield exactly one typed {@link DecodeException} with the expected
 * {@link DecodeError}. Runs in its own surefire execution with {@code -Xmx256m} (see engine/pom.xml), which
 * proves that declared sizes are refused before anything is allocated.
 */
class BrokenInputCorpusTest {
    private static final ImageDecoder DECODER = new ImageDecoder();

    private static DecodeError errorOf(byte[] bytes) {
        DecodeException[] caught = new DecodeException[1];
        assertThatThrownBy(() -> {
                    try {
                        DECODER.decode(ByteBuffer.wrap(bytes)).close();
                    } catch (DecodeException e) {
                        caught[0] = e;
                        throw e;
                    }
                })
                .isInstanceOf(DecodeException.class);
        assertThat(caught[0].getMessage()).doesNotContain("\n").isNotBlank();
        return caught[0].error();
    }

    static Stream<Arguments> validImages() {
        return Stream.of(
                Arguments.of("jpeg", TestImages.jpeg(TestImages.rgb(64, 48, 1))),
                Arguments.of("png", TestImages.png(TestImages.rgb(64, 48, 2))),
                Arguments.of("gif", TestImages.encode(TestImages.palette(64, 48, 3), "gif")),
                Arguments.of("bmp", TestImages.encode(TestImages.rgb(64, 48, 4), "bmp")),
                Arguments.of("webp", TestImages.webp(TestImages.rgb(64, 48, 5), 80)),
                Arguments.of("tiff", TestImages.encode(TestImages.rgb(64, 48, 6), "tiff")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validImages")
    void theUncutImagesDecode(String format, byte[] bytes) throws DecodeException {
        try (DecodedImage d = DECODER.decode(ByteBuffer.wrap(bytes))) {
            assertThat(d.format().label()).isEqualTo(format);
            assertThat(d.width()).isEqualTo(64);
            assertThat(d.height()).isEqualTo(48);
        }
    }

    /** Cut points from inside the signature to one byte short (GIF: two, its last byte is the trailer). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("validImages")
    void truncatedAtEveryCutPointIsTruncated(String format, byte[] bytes) {
        int n = bytes.length;
        int lastCut = format.equals("gif") ? n - 2 : n - 1;
        List<Integer> cuts = new ArrayList<>(
                List.of(2, 3, 7, 13, 20, 31, 40, 64, 100, n / 4, n / 2, 3 * n / 4, n - 100, n - 20, n - 3, lastCut));
        cuts.removeIf(c -> c < 2 || c > lastCut);
        for (int cut : cuts) {
            assertThat(errorOf(Arrays.copyOf(bytes, cut)))
                    .as(format + " cut at " + cut + " of " + n)
                    .isEqualTo(DecodeError.TRUNCATED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validImages")
    void zerosAfterAValidSignatureAreCorrupt(String format, byte[] valid) {
        int magic =
                switch (format) {
                    case "jpeg" -> 3;
                    case "png" -> 8;
                    case "gif" -> 6;
                    case "bmp" -> 2;
                    case "webp" -> 12;
                    default -> 4;
                };
        byte[] bytes = new byte[2000];
        System.arraycopy(valid, 0, bytes, 0, magic);
        if (format.equals("webp")) {
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, bytes.length - 8);
        }
        assertThat(errorOf(bytes)).isEqualTo(DecodeError.CORRUPT_DATA);
    }

    @Test
    void jpegWithGarbageInsteadOfScanDataIsCorrupt() {
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(64, 48, 7));
        int sos = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA});
        int scanData = sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
        byte[] garbage = jpeg.clone();
        Random r = new Random(8);
        for (int i = scanData; i < garbage.length - 2; i++) {
            garbage[i] = (byte) r.nextInt(256);
        }
        assertThat(errorOf(garbage)).isEqualTo(DecodeError.CORRUPT_DATA);
    }

    @Test
    void pngWithGarbageInsteadOfImageDataIsCorrupt() {
        byte[] png = TestImages.png(TestImages.rgb(64, 48, 9));
        int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
        int len = ByteBuffer.wrap(png, idat - 4, 4).getInt();
        byte[] garbage = png.clone();
        Random r = new Random(10);
        for (int i = idat + 4; i < idat + 4 + len; i++) {
            garbage[i] = (byte) r.nextInt(256);
        }
        assertThat(errorOf(garbage)).isEqualTo(DecodeError.CORRUPT_DATA);
    }

    @Test
    void gifWithGarbageInsteadOfImageDataIsCorrupt() {
        // A valid 4x4 screen and image descriptor, then LZW data that does not start with a clear code.
        byte[] gif = {
            'G',
            'I',
            'F',
            '8',
            '9',
            'a',
            4,
            0,
            4,
            0,
            (byte) 0x80,
            0,
            0,
            0,
            0,
            0,
            (byte) 255,
            (byte) 255,
            (byte) 255,
            0x2C,
            0,
            0,
            0,
            0,
            4,
            0,
            4,
            0,
            0,
            2,
            5,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            0,
            0x3B
        };
        assertThat(errorOf(gif)).isEqualTo(DecodeError.CORRUPT_DATA);
    }

    @Test
    void emptyFileIsEmpty() {
        assertThat(errorOf(new byte[0])).isEqualTo(DecodeError.EMPTY_FILE);
    }

    @Test
    void pngDeclaring100000x100000IsTooLargeWithoutAllocating() {
        byte[] png = TestImages.png(TestImages.rgb(16, 16, 11));
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 100_000).putInt(20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        assertThat(errorOf(png)).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
    }

    @Test
    void jpegDeclaring60000x60000IsTooLargeWithoutAllocating() {
        // JPEG sizes are 16 bits: 65535 is the most a header can declare (100000 does not fit).
        byte[] jpeg = TestImages.jpeg(TestImages.rgb(16, 16, 12));
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 60000).putShort(sof + 7, (short) 60000);
        assertThat(errorOf(jpeg)).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
    }

    @Test
    void webpBmpTiffAndGifDeclaringHugeSizesAreTooLarge() {
        assertThat(errorOf(TestImages.vp8lHeader(16384, 16384, 100))).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
        byte[] bmp = TestImages.encode(TestImages.rgb(8, 8, 13), "bmp");
        ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 100_000).putInt(22, -100_000);
        assertThat(errorOf(bmp)).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
        byte[] gif = TestImages.encode(TestImages.palette(8, 8, 14), "gif");
        ByteBuffer.wrap(gif)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort(6, (short) 60000)
                .putShort(8, (short) 60000);
        assertThat(errorOf(gif)).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
    }

    @Test
    void unsupportedFormatsAreUnsupported() {
        Random r = new Random(15);
        byte[] random = new byte[1000];
        r.nextBytes(random);
        random[0] = 0x13; // not the first byte of any signature
        for (byte[] bytes : List.of(
                "%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0},
                "just some text, not an image\n".getBytes(StandardCharsets.US_ASCII),
                random)) {
            assertThat(errorOf(bytes)).isEqualTo(DecodeError.UNSUPPORTED_FORMAT);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
