package io.hashmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point: the command tree, with no Micronaut context outside {@code serve}. */
class HashmatchApplicationTest {
    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HashmatchApplication.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void hashesThroughTheEntryPoint() throws IOException {
        Path text = Files.writeString(tmp.resolve("t.txt"), "abc");
        Run r = run("hash", text.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .isEqualTo("{\"path\":\"" + text + "\",\"size\":3,"
                        + "\"md5\":\"900150983cd24fb0d6963f7d28e17f72\","
                        + "\"sha1\":\"a9993e364706816aba3e25717850c26c9cd0d89d\","
                        + "\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
                        + "\"error\":{\"code\":\"unsupported_format\",\"message\":"
                        + r.out().split("\"message\":", 2)[1]);
    }

    @Test
    void usageErrorExitsOneAndNothingOnStdout() {
        Run r = run("hash", "--nope", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("hashmatch hash: Unknown option: '--nope'");
    }

    /** Start-up speed is measured by bench scripts, not here; what it depends on is checked by the test below. */
    @Test
    void versionAnswersWithTheVersion() {
        Run r = run("--version");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).startsWith("hashmatch ");
    }

    /**
     * {@code hash} of one PNG loads what hashing it needs and nothing else: no Micronaut (only {@code serve} starts a
     * context), no Chronicle Map (list metadata), no logging back end, no FFmpeg (videos), no OpenCV (PNGs are decoded
     * in Java; loading OpenCV was most of a one-image run's start-up), and of the command tree only the {@code hash}
     * subcommand's model (building {@code list}'s would load its subcommand classes). Checked in a child JVM, whose
     * class-loading log is the oracle: in this JVM other tests have loaded everything already. A JPEG, which OpenCV
     * still decodes, shows that the log sees OpenCV when it is loaded.
     */
    @Test
    void hashOfAnImageLoadsNoFrameworkNorUnusedNatives() throws Exception {
        List<String> png = classesLoadedByHashOf("syn_shapes_64x48.png");
        assertThat(png).contains("io.hashmatch.service.cli.HashCommand", "io.hashmatch.decode.PngDecoder");
        assertThat(png)
                .filteredOn(c -> c.startsWith("io.micronaut.")
                        || c.startsWith("net.openhft.")
                        || c.startsWith("ch.qos.logback.")
                        || c.startsWith("org.bytedeco.ffmpeg.global.")
                        || c.startsWith("org.bytedeco.opencv.")
                        || c.equals("io.hashmatch.decode.OpenCvDecoder")
                        || c.equals("io.hashmatch.service.cli.ListImportCommand"))
                .isEmpty();

        List<String> jpeg = classesLoadedByHashOf("photolike_00_640x480.jpg");
        assertThat(jpeg).contains("org.bytedeco.opencv.global.opencv_imgcodecs");
    }

    /** The classes a child JVM loads running {@code hash} of one bundled PDQ test image. */
    private List<String> classesLoadedByHashOf(String image) throws Exception {
        Path file = Path.of("../engine/src/test/resources/pdq/images", image)
                .toAbsolutePath()
                .normalize();
        assertThat(file).isRegularFile();
        Path log = tmp.resolve(image + ".classes.txt");
        try (ChildJvm child = ChildJvm.start(
                tmp,
                ChildJvm.command(
                        List.of("-Xlog:class+load=info:file=" + log + ":none"),
                        HashmatchApplication.class,
                        List.of("hash", file.toString())))) {
            assertThat(child.awaitExit()).as(child::transcript).isZero();
            assertThat(child.stdout()).as(child::transcript).contains("\"pdq\":"); // stdout carries the hash only
        }
        return Files.readAllLines(log).stream()
                .map(line -> line.split(" ", 2)[0])
                .toList();
    }
}
