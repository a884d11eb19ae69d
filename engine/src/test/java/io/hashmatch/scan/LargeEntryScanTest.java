package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.disk.Carver;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive entry far larger than the heap share of a scanning thread: a 7.6 MB {@code .gz} of a 250 MB entry once
 * became {@code internal_error} "Java heap space" at {@code -Xmx512m}, and the {@code .gz} lost its own hashes. Runs
 * in the bounded-memory execution (engine/pom.xml, {@code -Xmx256m}), where holding the entry cannot work; the
 * records are the same whatever the heap.
 */
class LargeEntryScanTest {
    /** Larger than the heap share of one thread (a quarter of 256 MB) and just under the 256 MiB decode limit. */
    private static final int ENTRY_BYTES = 250_000_000;

    @TempDir
    static Path tmp;

    static Path gz;
    static List<String> entryDigests;

    @BeforeAll
    static void writeTheArchive() throws Exception {
        gz = tmp.resolve("zeros.bin.gz");
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] zeros = new byte[1 << 20];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            for (int left = ENTRY_BYTES; left > 0; left -= zeros.length) {
                int n = Math.min(left, zeros.length);
                out.write(zeros, 0, n);
                md5.update(zeros, 0, n);
                sha1.update(zeros, 0, n);
                sha256.update(zeros, 0, n);
            }
        }
        HexFormat hex = HexFormat.of();
        entryDigests =
                List.of(hex.formatHex(md5.digest()), hex.formatHex(sha1.digest()), hex.formatHex(sha256.digest()));
    }

    /** Zeros compress a thousandfold: the ratio limit is raised so that the entry is read to its end. */
    private static ArchiveLimits permissive() {
        return new ArchiveLimits(ArchiveLimits.DEFAULT_MAX_DEPTH, ArchiveLimits.DEFAULT_MAX_TOTAL_BYTES, 100_000);
    }

    /** A scan whose entry memory limit is the whole decode limit, whatever the heap. */
    private static FileScan holdingUpToTheDecodeLimit() {
        FileHasher hasher = FileHasher.newBuilder().build();
        return new FileScan(
                new MediaHasher(hasher, false, VideoHasher.DEFAULT_SECONDS_PER_HASH, VideoLimits.DEFAULT),
                null,
                null,
                permissive(),
                null,
                VideoHasher.DEFAULT_SECONDS_PER_HASH,
                VideoMatcher.DEFAULT,
                Long.MAX_VALUE,
                new ThreadBudget(1));
    }

    @Test
    void theEntryStreamsItsExactHashesAndTheGzipKeepsItsOwn() throws Exception {
        // under -Xmx256m the heap share of the one thread is 64 MB: the entry streams (with -Dtest the class also runs
        // in the default execution, where it is held and decoded: the records are the same)
        ScanResult r = Scanner.newBuilder()
                .hasher(FileHasher.newBuilder().build())
                .archiveLimits(permissive())
                .threads(1)
                .journal(Files.createDirectories(tmp.resolve("out")).resolve("journal.jsonl"))
                .build()
                .run(List.of(gz));
        List<ScannedFile> records = r.records();
        assertThat(records).hasSize(2);
        ScannedFile archive = records.get(0);
        assertThat(archive.entry()).isNull();
        assertThat(archive.kind()).isEqualTo(MediaKind.ARCHIVE);
        assertThat(archive.error()).isNull();
        assertThat(archive.size()).isEqualTo(Files.size(gz));
        assertThat(ScanTree.digests(archive)).isEqualTo(ScanTree.digests(Files.readAllBytes(gz)));
        ScannedFile entry = records.get(1);
        assertThat(entry.entry()).isEqualTo("zeros.bin");
        assertThat(entry.kind()).isEqualTo(MediaKind.OTHER);
        assertThat(entry.error()).isNull();
        assertThat(entry.size()).isEqualTo(ENTRY_BYTES);
        assertThat(ScanTree.digests(entry)).isEqualTo(entryDigests);
    }

    /**
     * With the heap share out of the way (an entry limit of the whole decode limit), holding the entry runs out of
     * memory: the entry still gets every byte's digests, and the archive its own.
     */
    @Test
    void runningOutOfMemoryWhileHoldingTheEntryStillHashesIt() throws Exception {
        FileScan scan = holdingUpToTheDecodeLimit();
        List<ScannedFile> records = scan.scan(gz);
        assertThat(records).hasSize(2);
        assertThat(ScanTree.digests(records.get(0))).isEqualTo(ScanTree.digests(Files.readAllBytes(gz)));
        assertThat(records.get(0).error()).isNull();
        assertThat(records.get(1).size()).isEqualTo(ENTRY_BYTES);
        assertThat(ScanTree.digests(records.get(1))).isEqualTo(entryDigests);
    }

    /**
     * A carved object (a file in a disk image is read the same way) of the same size, with the whole decode limit to
     * be held in: holding it runs out of memory, and it keeps the digests of every byte.
     */
    @Test
    void runningOutOfMemoryWhileHoldingACarvedObjectStillHashesIt() throws Exception {
        FileScan scan = holdingUpToTheDecodeLimit();
        long offset = 1 << 20;
        Carver.Source zeros = (at, b, off, len) -> {
            Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        };
        List<ScannedFile> records = new ArrayList<>();
        new DiskImageScan(scan, new ThreadBudget(1))
                .scanCarved(
                        "disk.raw",
                        "unallocated",
                        null,
                        new Carver.Found(offset, ENTRY_BYTES, "zip", true),
                        zeros,
                        records);
        assertThat(records).hasSize(1);
        ScannedFile object = records.get(0);
        assertThat(object.entry()).isEqualTo("unallocated@0x100000+" + ENTRY_BYTES);
        assertThat(object.kind()).isEqualTo(MediaKind.OTHER);
        assertThat(object.size()).isEqualTo(ENTRY_BYTES);
        assertThat(ScanTree.digests(object)).isEqualTo(entryDigests);
        assertThat(object.error()).isEqualTo("carved_partial");
    }
}
