package io.hashmatch.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acquisition metadata of an E01 made here by ewf-tools' {@code ewfacquire}, read through libewf. */
class LibEwfTest {
    @TempDir
    Path tmp;

    @Test
    void everyHeaderValueTheAcquiringToolWroteIsReadEveryTime() throws Exception {
        assumeTrue(DiskTools.installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        byte[] raw = new byte[1 << 20];
        new Random(16).nextBytes(raw);
        Path medium = Files.write(tmp.resolve("medium.raw"), raw);
        Path e01 = DiskTools.acquireE01(tmp, tmp.resolve("card"), medium, "seized at the scene");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(raw));
        // the values are looked up by name in native memory: read them many times, each must be complete
        for (int i = 0; i < 30; i++) {
            Map<String, String> m = LibEwf.metadata(List.of(e01));
            assertThat(m)
                    .as("read " + i)
                    .containsEntry("case_number", "C-42")
                    .containsEntry("examiner", "J. Doe")
                    .containsEntry("evidence_number", "EV-7")
                    .containsEntry("description", "SD card")
                    .containsEntry("notes", "seized at the scene")
                    .containsKey("acquiry_date")
                    .containsEntry("acquired_md5", md5);
        }
    }
}
