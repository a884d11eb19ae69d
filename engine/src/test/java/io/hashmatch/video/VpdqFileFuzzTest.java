package io.hashmatch.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the vPDQ file reader ({@link VpdqFile#read}), decoding the bytes as the importer and the CLI do (strict
 * UTF-8, malformed input reported).
 *
 * <p>Contract: a malformed file is a {@link VpdqFormatException} (or, for bytes that are not UTF-8, the
 * decoder's {@link CharacterCodingException}), never another exception; a file read without error, written back
 * with {@link VpdqFile#format}, reads back as the same frames up to the timestamp's three printed decimals, and
 * writing that again gives the same text; {@link VpdqFile#looksLikeVpdq} accepts every line of it.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/video/VpdqFileFuzzTestInputs/readVpdq/}.
 */
class VpdqFileFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void readVpdq(byte[] data) throws IOException {
        List<VpdqFrame> frames;
        try {
            frames = VpdqFile.read(
                    new InputStreamReader(
                            new ByteArrayInputStream(data),
                            StandardCharsets.UTF_8
                                    .newDecoder()
                                    .onMalformedInput(CodingErrorAction.REPORT)
                                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
                    "fuzz.vpdq");
        } catch (VpdqFormatException | CharacterCodingException expected) {
            return;
        }
        String text = VpdqFile.format(frames);
        List<VpdqFrame> back;
        try {
            back = VpdqFile.read(new StringReader(text), "again");
        } catch (VpdqFormatException e) {
            throw new AssertionError("VpdqFile.format output refused: " + e.getMessage(), e);
        }
        assertThat(back).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            VpdqFrame a = frames.get(i);
            VpdqFrame b = back.get(i);
            assertThat(b.frameIndex()).isEqualTo(a.frameIndex());
            assertThat(b.quality()).isEqualTo(a.quality());
            assertThat(b.hash()).isEqualTo(a.hash());
            assertThat((double) b.timestampSeconds())
                    .isCloseTo(
                            a.timestampSeconds(),
                            org.assertj.core.data.Offset.offset(0.0005 + Math.ulp(a.timestampSeconds())));
            assertThat(VpdqFile.looksLikeVpdq(VpdqFile.line(a))).isTrue();
        }
        assertThat(VpdqFile.format(back)).isEqualTo(text);
    }
}
