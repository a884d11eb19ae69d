package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes format sniffing and the header probes ({@link FormatSniffer}, {@link ImageHeaderProbe}): the code that
 * reads untrusted bytes before any decoder sees them, called directly so that no catch-all hides a bug.
 *
 * <p>Contract: the only exception is {@link DecodeException}; a probed header has a positive size and the sniffed
 * format; {@link ImageHeaderProbe#checkLimits} refuses exactly the headers over the pixel limit; nothing moves the
 * buffer's position; {@link ImageDecoder#probe} (the public entry point) agrees with the direct calls.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/decode/DecodeFuzzTestInputs/sniffAndProbe/}.
 */
class DecodeFuzzTest {
    private static final DecodeLimits LIMITS = new DecodeLimits(1 << 16, 1 << 20);

    @FuzzTest(maxDuration = "10m")
    void sniffAndProbe(byte[] data) throws DecodeException {
        // A position other than 0 proves that offsets are relative to it.
        ByteBuffer buffer = ByteBuffer.allocate(data.length + 3).position(3);
        buffer.put(data).position(3);
        ImageFormat format;
        ImageHeader header;
        try {
            format = FormatSniffer.sniff(buffer);
            header = ImageHeaderProbe.probe(buffer, format);
        } catch (DecodeException e) {
            assertThat(buffer.position()).isEqualTo(3);
            assertThat(e.error())
                    .isIn(
                            DecodeError.EMPTY_FILE,
                            DecodeError.UNSUPPORTED_FORMAT,
                            DecodeError.TRUNCATED,
                            DecodeError.CORRUPT_DATA);
            try {
                ImageDecoder.probe(buffer);
                throw new AssertionError("ImageDecoder.probe accepted what the probe refused: " + e.getMessage());
            } catch (DecodeException again) {
                assertThat(again.error()).isEqualTo(e.error());
            }
            return;
        }
        assertThat(buffer.position()).isEqualTo(3);
        assertThat(header.format()).isEqualTo(format);
        assertThat(header.width()).isPositive();
        assertThat(header.height()).isPositive();
        assertThat(ImageDecoder.probe(buffer))
                .isEqualTo(
                        new ImageInfo(format, header.width(), header.height(), header.decodeBytes(buffer.remaining())));
        boolean overLimit =
                Math.multiplyHigh(header.width(), header.height()) != 0 || header.pixels() > LIMITS.maxPixels();
        try {
            ImageHeaderProbe.checkLimits(header, LIMITS);
            assertThat(overLimit).as("%s accepted over the limit", header).isFalse();
        } catch (DecodeException e) {
            assertThat(e.error()).isEqualTo(DecodeError.IMAGE_TOO_LARGE);
            assertThat(overLimit).as("%s refused under the limit", header).isTrue();
        }
        try {
            ImageHeaderProbe.checkComplete(buffer, header);
        } catch (DecodeException e) {
            assertThat(e.error()).isIn(DecodeError.TRUNCATED, DecodeError.CORRUPT_DATA);
        }
        assertThat(buffer.position()).isEqualTo(3);
    }
}
