package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatSnifferTest {

    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "FF D8 FF E0 00 10 4A 46 49 46 00 01, JPEG",
        "FF D8 FF DB 00 43 00 00 00 00 00 00, JPEG",
        "89 50 4E 47 0D 0A 1A 0A 00 00 00 0D, PNG",
        "47 49 46 38 37 61 01 00 01 00 00 00, GIF",
        "47 49 46 38 39 61 01 00 01 00 00 00, GIF",
        "52 49 46 46 24 00 00 00 57 45 42 50 56 50 38 4C, WEBP",
        "49 49 2A 00 08 00 00 00 00 00 00 00, TIFF",
        "4D 4D 00 2A 00 00 00 08 00 00 00 00, TIFF",
        "42 4D 36 00 00 00 00 00 00 00 36 00 00 00, BMP",
    })
    void magicNumbers(String bytes, ImageFormat expected) throws DecodeException {
        assertThat(FormatSniffer.sniff(hex(bytes))).isEqualTo(expected);
    }

    @Test
    void theNameDoesNotMatterOnlyTheBytes(@TempDir Path dir) throws Exception {
        Path misnamed = dir.resolve("x.jpg");
        Files.write(misnamed, TestImages.png(TestImages.rgb(4, 4, 1)));
        assertThat(ImageDecoder.detectFormat(ByteBuffer.wrap(Files.readAllBytes(misnamed))))
                .isEqualTo(ImageFormat.PNG);
    }

    @Test
    void sniffingDoesNotMoveThePosition() throws DecodeException {
        ByteBuffer b = hex("00 FF D8 FF E0");
        b.position(1);
        assertThat(FormatSniffer.sniff(b)).isEqualTo(ImageFormat.JPEG);
        assertThat(b.position()).isEqualTo(1);
    }

    @Test
    void zeroBytesIsEmptyFile() {
        assertThatThrownBy(() -> FormatSniffer.sniff(ByteBuffer.allocate(0)))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isEqualTo(DecodeError.EMPTY_FILE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "25 50 44 46 2D 31 2E 34 0A | (first bytes 25 50 44 46: PDF?)",
                "50 4B 03 04 14 00 00 00 | (first bytes 50 4B 03 04: ZIP?)",
                "1F 8B 08 00 00 00 00 00 | (first bytes 1F 8B 08 00: gzip?)",
                "7F 45 4C 46 02 01 01 00 | (first bytes 7F 45 4C 46: ELF executable?)",
                "68 65 6C 6C 6F 20 77 6F 72 6C 64 0A | (first bytes 68 65 6C 6C: text?)",
                "00 00 00 1C 66 74 79 70 61 76 69 66 | (first bytes 00 00 00 1C: HEIF/AVIF image (avif)?)",
                "49 49 2B 00 08 00 00 00 | (first bytes 49 49 2B 00: BigTIFF?)",
                "00 01 02 03 04 05 06 07 | (first bytes 00 01 02 03)",
                "AB | (first bytes AB)",
            })
    void otherFormatsAreUnsupportedAndNamed(String bytes, String suffix) {
        assertThatThrownBy(() -> FormatSniffer.sniff(hex(bytes))).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.error()).isEqualTo(DecodeError.UNSUPPORTED_FORMAT);
            assertThat(e.getMessage()).isEqualTo("not an image format hashmatch decodes " + suffix);
        });
    }

    @Test
    void riffThatIsNotWebpIsUnsupported() {
        ByteBuffer wav = ByteBuffer.wrap("RIFF\u0024\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> FormatSniffer.sniff(wav)).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.error()).isEqualTo(DecodeError.UNSUPPORTED_FORMAT);
            assertThat(e.getMessage()).contains("WAVE");
        });
    }

    @ParameterizedTest
    @CsvSource({"FF D8", "89 50 4E 47", "47 49 46 38", "49 49 2A", "42 4D 00 00", "52 49 46 46 00"})
    void aFileThatEndsInsideASignatureIsTruncated(String bytes) {
        assertThatThrownBy(() -> FormatSniffer.sniff(hex(bytes)))
                .isInstanceOfSatisfying(
                        DecodeException.class, e -> assertThat(e.error()).isEqualTo(DecodeError.TRUNCATED));
    }
}
