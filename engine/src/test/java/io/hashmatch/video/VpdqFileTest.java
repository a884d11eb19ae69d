package io.hashmatch.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.PdqHash;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(Seeds.Report.class)
class VpdqFileTest {

    @Test
    void everyReferenceFileRoundTripsByteForByte() throws Exception {
        VpdqCorpus corpus = VpdqCorpus.best();
        for (String sampling : List.of("r0", "r1", "r0.5")) {
            for (VpdqCorpus.Video v : corpus.videos()) {
                String text = corpus.referenceText(sampling, v.stem());
                List<VpdqFrame> frames = VpdqFile.read(new StringReader(text), v.stem());
                assertThat(VpdqFile.format(frames)).isEqualTo(text);
                assertThat(frames).allMatch(f -> VpdqFile.looksLikeVpdq(VpdqFile.line(f)));
            }
        }
    }

    /** Timestamps printed as C's %.3f of the float: exact binary value, ties to even. */
    @Test
    void timestampsRoundLikePrintf() {
        assertThat(VpdqFile.timestamp(0f)).isEqualTo("0.000");
        assertThat(VpdqFile.timestamp(1f / 25f)).isEqualTo("0.040");
        assertThat(VpdqFile.timestamp(0.0625f)).isEqualTo("0.062"); // exact tie: glibc rounds to even
        assertThat(VpdqFile.timestamp(0.1875f)).isEqualTo("0.188");
        assertThat(VpdqFile.timestamp(29f / (float) (30000.0 / 1001.0))).isEqualTo("0.968");
    }

    static Stream<Long> frameRatesAndIndicesRoundTrip() {
        return Seeds.of("VpdqFileTest.frameRatesAndIndicesRoundTrip", 1000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void frameRatesAndIndicesRoundTrip(long seed) throws Exception {
        Gen g = new Gen(seed);
        int index = g.intIn(0, 2_000_000);
        int fps = g.intIn(1, 240);
        int quality = g.intIn(0, 100);
        VpdqFrame frame = new VpdqFrame(
                index, quality, PdqHash.of(index, ~index, fps, quality), VideoHasher.timestamp(index, fps));
        String line = VpdqFile.line(frame);
        VpdqFrame back = VpdqFile.parse(line, "p", 1);
        assertThat(VpdqFile.line(back)).isEqualTo(line);
        assertThat(back.frameIndex()).isEqualTo(index);
        assertThat(back.hash()).isEqualTo(frame.hash());
    }

    @Test
    void malformedLinesNameTheLine() {
        String good = "0,100," + "ab".repeat(32) + ",0.000";
        assertThat(VpdqFile.looksLikeVpdq(good)).isTrue();
        assertThat(VpdqFile.looksLikeVpdq(good + "\r")).isTrue();
        for (String bad : List.of(
                "",
                "0,100," + "ab".repeat(31) + ",0.000",
                "0,101," + "ab".repeat(32) + ",0.000",
                "-1,100," + "ab".repeat(32) + ",0.000",
                "0,100," + "zz".repeat(32) + ",0.000",
                "0,100," + "ab".repeat(32),
                "0,100," + "ab".repeat(32) + ",1e3",
                "3000000000,1," + "ab".repeat(32) + ",0.0")) {
            assertThatThrownBy(() -> VpdqFile.read(new StringReader(good + "\n" + bad + "\n"), "f.txt"))
                    .as(bad)
                    .isInstanceOf(VpdqFormatException.class)
                    .hasMessageStartingWith("f.txt:2: ")
                    .extracting(e -> ((VpdqFormatException) e).line())
                    .isEqualTo(2);
        }
    }

    @Test
    void emptyFileAndMissingFinalNewline() throws Exception {
        assertThat(VpdqFile.read(new StringReader(""), "e")).isEmpty();
        String good = "25,87," + "0f".repeat(32) + ",1.000";
        assertThat(VpdqFile.read(new StringReader(good), "e"))
                .containsExactly(new VpdqFrame(25, 87, PdqHash.fromHex("0f".repeat(32)), 1f));
    }

    @Test
    void snifferRecognisesContainersByBytes() throws Exception {
        VpdqCorpus corpus = VpdqCorpus.bundled();
        for (VpdqCorpus.Video v : corpus.videos()) {
            byte[] head = java.nio.file.Files.readAllBytes(corpus.video(v));
            assertThat(VideoSniffer.detect(head)).contains(v.codec().equals("vp9") ? "matroska" : "mp4");
        }
        byte[] heic = new byte[16];
        System.arraycopy("\0\0\0\u0018ftypheic".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, heic, 0, 12);
        assertThat(VideoSniffer.detect(heic)).isEmpty();
        assertThat(VideoSniffer.detect(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}))
                .isEmpty();
        assertThat(VideoSniffer.detect("RIFF\0\0\0\0AVI LIST".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .contains("avi");
        assertThat(VideoSniffer.detect("RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .isEmpty();
        assertThat(VideoSniffer.detect(new byte[0])).isEmpty();
    }
}
