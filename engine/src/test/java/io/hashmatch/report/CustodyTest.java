package io.hashmatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The custody statement's command line as one shell line. */
class CustodyTest {
    private static Custody custody(List<String> args) {
        Instant t = Instant.parse("2026-11-29T08:00:00Z");
        return new Custody("hashmatch test", args, null, null, List.of(), List.of(t), t, List.of());
    }

    @Test
    void quotesTheArgumentsThatNeedIt() {
        assertThat(custody(List.of("scan", "--case", "C 1", "--examiner", "O'Neil", "--out", "/r/o-1", ""))
                        .shellCommandLine())
                .isEqualTo("scan --case 'C 1' --examiner 'O'\\''Neil' --out /r/o-1 ''");
    }

    /** Oracle: /bin/sh splits the line back into the same arguments. */
    @Test
    void aShellReadsTheLineBackIntoTheSameArguments() throws Exception {
        List<String> args = List.of(
                "scan",
                "a b",
                "it's",
                "$HOME",
                "`x`",
                "a\"b",
                "*",
                "tab\there",
                "new\nline",
                "",
                "~",
                "x;y",
                "\\",
                "é");
        String line = custody(args).shellCommandLine();
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\0' " + line)
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(Arrays.asList(printed.substring(0, printed.length() - 1).split("\0", -1)))
                .as(line)
                .isEqualTo(args);
    }
}
