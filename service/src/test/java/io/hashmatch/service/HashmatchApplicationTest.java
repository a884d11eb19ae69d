package io.hashmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point: Micronaut CLI context + MicronautFactory + the command tree. */
class HashmatchApplicationTest {
    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err, long millis) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = HashmatchApplication.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString(), (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void hashesThroughTheMicronautContext() throws IOException {
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

    @Test
    void contextStartsQuickly() {
        run("--version"); // warm the class loading shared with other tests
        Run r = run("--version");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).startsWith("hashmatch ");
        assertThat(r.millis()).isLessThan(1000);
    }
}
