package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory running out after an archive entry was held whole (while it is hashed, decoded, matched or thumbnailed):
 * the entry keeps a record with the digests of every byte, and the archive and its other entries are scanned as
 * usual. The memory runs out for real: the work allocates far more than the heap ({@code -Xmx256m} in the engine's
 * bounded-memory execution, and more than any heap in the default one).
 */
class EntryOutOfMemoryTest {
    @TempDir
    static Path tmp;

    static HashListSnapshot snapshot;

    @BeforeAll
    static void open() throws Exception {
        snapshot = HashListSnapshot.open(ScanTree.SNAPSHOT);
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    /** Allocates 16 GiB, more than any test heap: a real {@link OutOfMemoryError}, thrown at once. */
    private static long allocateHugely() {
        long[] huge = new long[Integer.MAX_VALUE - 8];
        return huge.length;
    }

    private static FileScan scan(
            @Nullable Function<byte[], @Nullable String> thumbnailer,
            Function<MediaHasher, Function<byte[], MediaHashes>> hashing) {
        MediaHasher media =
                new MediaHasher(ScanTree.hasher(), false, VideoHasher.DEFAULT_SECONDS_PER_HASH, VideoLimits.DEFAULT);
        return new FileScan(
                media,
                ScanTree.matcher(snapshot),
                null,
                ArchiveLimits.defaults(),
                thumbnailer,
                VideoHasher.DEFAULT_SECONDS_PER_HASH,
                VideoMatcher.DEFAULT,
                64L << 20,
                new ThreadBudget(1),
                hashing.apply(media));
    }

    /** A zip of the demo lists' MD5-listed image, a PDQ-listed image and a text file, in that order. */
    private static Path zip() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("noise.png", ScanTree.image("syn_noise_64x48.png"));
        entries.put("shapes.png", ScanTree.image("syn_shapes_320x240.png"));
        entries.put("plain.txt", "just text\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path zip = tmp.resolve("evidence.zip");
        Files.write(zip, ScanTree.zip(entries));
        return zip;
    }

    @Test
    void anEntryWhoseHashingRunsOutOfMemoryKeepsItsDigestsAndExactHits() throws Exception {
        byte[] noise = ScanTree.image("syn_noise_64x48.png");
        Path zip = zip();
        List<ScannedFile> records = scan(null, media -> bytes -> {
                    if (Arrays.equals(bytes, noise)) {
                        allocateHugely();
                    }
                    return media.hash(bytes);
                })
                .scan(zip);
        assertThat(ScannerTest.render(tmp, records))
                .containsExactly(
                        "evidence.zip | - | archive zip | - | ",
                        "evidence.zip | noise.png | image - | file_too_large | demo-golden - md5 0",
                        "evidence.zip | shapes.png | image png | - | demo-golden POSITIVE_CLASS pdq 0",
                        "evidence.zip | plain.txt | other - | - | ");
        ScannedFile entry = records.get(1);
        assertThat(ScanTree.digests(entry)).isEqualTo(ScanTree.digests(noise));
        assertThat(entry.size()).isEqualTo(noise.length);
        assertThat(entry.pdq()).isNull();
        assertThat(entry.errorMessage())
                .isEqualTo("image of " + noise.length + " bytes is too large for the memory free: exact hashes only");
        assertThat(ScanTree.digests(records.get(0))).isEqualTo(ScanTree.digests(Files.readAllBytes(zip)));
    }

    @Test
    void aThumbnailThatRunsOutOfMemoryIsLeftOutAndTheRecordStands() throws Exception {
        Path zip = zip();
        List<ScannedFile> records = scan(bytes -> String.valueOf(allocateHugely()), media -> media::hash)
                .scan(zip);
        assertThat(ScannerTest.render(tmp, records))
                .containsExactly(
                        "evidence.zip | - | archive zip | - | ",
                        "evidence.zip | noise.png | image png | - | demo-golden - md5 0",
                        "evidence.zip | shapes.png | image png | - | demo-golden POSITIVE_CLASS pdq 0",
                        "evidence.zip | plain.txt | other - | - | ");
        assertThat(records).allSatisfy(f -> assertThat(f.thumbnail()).isNull());
        assertThat(records.get(2).pdq()).isNotNull();
        assertThat(ScanTree.digests(records.get(2)))
                .isEqualTo(ScanTree.digests(ScanTree.image("syn_shapes_320x240.png")));
    }
}
