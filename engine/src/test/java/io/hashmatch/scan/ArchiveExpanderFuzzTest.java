package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Fuzzes {@link ArchiveExpander} (ZIP, TAR, gzip, bzip2, xz, 7z through Commons Compress) the way the scanner
 * drives it: the type sniffed from the bytes ({@link ContentSniffer#archiveType}; TAR when nothing matches), every
 * entry read to its end, archives found inside expanded in turn down to a depth limit, all counted against one
 * small {@link ExpansionBudget}.
 *
 * <p>Contract: expansion ends normally or with an {@link IOException} (corrupt archive, password required, archive
 * bomb); a {@link RuntimeException} thrown by the archive library is tolerated because the scanner reports it
 * as a corrupt archive, but one thrown by hashmatch's own code, or any {@link Error}, is a finding. No more
 * decompressed bytes reach the handler than the budget allows.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/scan/ArchiveExpanderFuzzTestInputs/expand/}.
 */
class ArchiveExpanderFuzzTest {
    private static final ArchiveLimits LIMITS = new ArchiveLimits(3, 4L << 20, 100);
    private static final int MAX_NESTED_BYTES = 1 << 20;

    @FuzzTest(maxDuration = "10m")
    void expand(byte[] data) {
        ExpansionBudget budget = new ExpansionBudget(LIMITS, data.length);
        long[] delivered = {0};
        try {
            expand(data, "fuzz.bin", 1, budget, delivered);
        } catch (IOException expected) {
            // corrupt, encrypted, or a bomb stopped in time
        } catch (RuntimeException e) {
            StackTraceElement[] trace = e.getStackTrace();
            if (trace.length > 0 && trace[0].getClassName().startsWith("io.hashmatch.")) {
                throw e;
            }
        }
        assertThat(delivered[0]).isLessThanOrEqualTo(LIMITS.maxTotalBytes());
    }

    private static void expand(byte[] data, String name, int depth, ExpansionBudget budget, long[] delivered)
            throws IOException {
        ArchiveType sniffed = ContentSniffer.archiveType(data, data.length);
        ArchiveType type = sniffed == null ? ArchiveType.TAR : sniffed;
        ArchiveExpander.expand(type, null, data, name, budget, new ArchiveExpander.EntryHandler() {
            @Override
            public void entry(String entryName, InputStream in) throws IOException {
                assertThat(entryName).isNotNull();
                byte[] buffer = new byte[8192];
                byte[] head = new byte[0];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    delivered[0] += n;
                    if (head.length < MAX_NESTED_BYTES) {
                        int keep = Math.min(n, MAX_NESTED_BYTES - head.length);
                        head = Arrays.copyOf(head, head.length + keep);
                        System.arraycopy(buffer, 0, head, head.length - keep, keep);
                    }
                }
                if (depth < LIMITS.maxDepth() && ContentSniffer.archiveType(head, head.length) != null) {
                    expand(head, entryName, depth + 1, budget, delivered);
                }
            }

            @Override
            public void unreadable(String entryName, ScanError error, String message) {
                assertThat(error).isIn(ScanError.ARCHIVE_ENCRYPTED, ScanError.ARCHIVE_CORRUPT);
                assertThat(message).isNotBlank();
            }
        });
    }
}
