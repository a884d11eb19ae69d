package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.HashKind;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VICS hash set of tens of MB and a CSV of the same, written and read back as streams. */
class LargeListTest {
    static final int N = 100_000;

    static ListEntry entry(int i) {
        return new ListEntry(
                Map.of(
                        HashKind.MD5, hex(i, 32),
                        HashKind.SHA1, hex(i, 40),
                        HashKind.PDQ, hex(i, 64)),
                Integer.toString(i),
                Integer.toString(i % 5),
                List.of("t" + (i % 7)),
                "big",
                null,
                0);
    }

    /** {@code i} in hex, zero-padded to {@code digits}: values that differ only in their last digits. */
    static String hex(int i, int digits) {
        String h = Integer.toHexString(i);
        return "0".repeat(digits - h.length()) + h;
    }

    @Test
    void vicsAndCsvOfTensOfMegabytes(@TempDir Path dir) throws Exception {
        for (ListFormat format : List.of(ListFormat.VICS_JSON, ListFormat.TE_CSV)) {
            Path file = dir.resolve("big-" + format.cliName());
            try (OutputStream out = Files.newOutputStream(file);
                    ListWriter w = ListWriter.open(out, format)) {
                for (int i = 0; i < N; i++) {
                    w.write(entry(i));
                }
            }
            assertThat(Files.size(file)).as(format + " size").isGreaterThan(20_000_000L);
            try (ListReader r = ListReader.open(file, ReadOptions.DEFAULTS.withSourceList("big"))) {
                assertThat(r.format()).isEqualTo(format);
                long n = 0;
                for (ListEntry e; (e = r.next()) != null; n++) {
                    if (n == 0 || n == N - 1 || n % 9973 == 0) {
                        assertThat(e.withLine(0)).isEqualTo(entry((int) n));
                    }
                }
                assertThat(n).isEqualTo(N);
                assertThat(r.warningCount()).isZero();
            }
        }
    }
}
