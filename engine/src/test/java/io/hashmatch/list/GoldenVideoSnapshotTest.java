package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.video.VideoIndex;
import io.hashmatch.video.VideoMatch;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFile;
import io.hashmatch.video.VpdqFrame;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden snapshots with video entries: {@code snapshots/demo-video-v8.hmsnap}, which this build rebuilds byte for
 * byte (fixed id and creation time) and opens, so any change to the snapshot format or its writer shows here, and
 * {@code demo-video-v7.hmsnap}, {@code demo-video-v6.hmsnap}, {@code demo-video-v5.hmsnap}, {@code demo-video-v4.hmsnap}
 * and {@code demo-video-v2.hmsnap}, the same list written by format versions 7, 6, 5, 4 and 2,
 * which it still opens. Regenerate the newest
 * with {@code -Dhashmatch.regenerate=true} only when the format changes on purpose (then bump the version and keep
 * the old golden files).
 *
 * <p>Contents: entry 0 = the reference's vPDQ ({@code -r 1}) of {@code v1_testsrc2_320x240_25fps_10s}, category
 * {@code POSITIVE_CLASS}; entry 1 = that of {@code v3_smptebars_hue_640x360_30fps_6s}, category
 * {@code INVESTIGATION_SEED}; each with its hash file's name as source list, as {@code list import} does.
 */
class GoldenVideoSnapshotTest {
    static final String GOLDEN = "engine/src/test/resources/snapshots/demo-video-v8.hmsnap";
    static final String V1 = "v1_testsrc2_320x240_25fps_10s";
    static final String V3 = "v3_smptebars_hue_640x360_30fps_6s";
    /** Fixed file id and time: the file is reproducible. */
    static final byte[] ID = "hashmatch-video!".getBytes(StandardCharsets.US_ASCII);

    static final Instant CREATED = Instant.parse("2026-11-29T00:00:00Z");

    @TempDir
    Path dir;

    static List<VpdqFrame> referenceFrames(Path root, String video) throws Exception {
        try (Reader r =
                Files.newBufferedReader(root.resolve("engine/src/test/resources/vpdq/hashes_r1/" + video + ".txt"))) {
            return VpdqFile.read(r, video);
        }
    }

    static void write(Path root, Path target) throws Exception {
        SnapshotWriter w = SnapshotWriter.create("demo-video-golden", "2", CREATED);
        int v1 = w.addEntry("POSITIVE_CLASS", V1 + ".txt", false);
        w.addVideo(v1, referenceFrames(root, V1));
        int v3 = w.addEntry("INVESTIGATION_SEED", V3 + ".txt", false);
        w.addVideo(v3, referenceFrames(root, V3));
        w.write(target, ID);
    }

    @Test
    void goldenSnapshotOfVersion8IsRebuiltByteForByteAndOpens() throws Exception {
        Path root = DemoLists.repositoryRoot();
        Path golden = root.resolve(GOLDEN);
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            write(root, golden);
        }
        Path rebuilt = dir.resolve("rebuilt.hmsnap");
        write(root, rebuilt);
        assertThat(Files.mismatch(golden, rebuilt))
                .as("rebuilt golden snapshot differs at byte")
                .isEqualTo(-1L);

        try (HashListSnapshot s = HashListSnapshot.open(golden)) {
            // mostly the 32 offset tables of 8-bit chunks of index.multi_index (34 KB), as in any list under 256 hashes
            assertThat(Files.size(golden)).isLessThan(100_000);
            assertThat(s.formatVersion()).isEqualTo(8);
            checkContents(root, s);
        }
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {7, 6, 5, 4, 2})
    void goldenSnapshotOfAnOlderVersionStillOpens(int version) throws Exception {
        Path root = DemoLists.repositoryRoot();
        try (HashListSnapshot s = HashListSnapshot.open(root.resolve(olderGolden(version)))) {
            assertThat(s.formatVersion()).isEqualTo(version);
            checkContents(root, s);
        }
    }

    /** The golden file of the same list written by format {@code version}, which this build still opens. */
    static String olderGolden(int version) {
        return "engine/src/test/resources/snapshots/demo-video-v" + version + ".hmsnap";
    }

    private static void checkContents(Path root, HashListSnapshot s) throws Exception {
        assertThat(s.name()).isEqualTo("demo-video-golden");
        assertThat(s.version()).isEqualTo("2");
        assertThat(s.created()).isEqualTo(CREATED);
        assertThat(s.entryCount()).isEqualTo(2);
        assertThat(s.pdqCount()).isZero();
        assertThat(s.exactCount()).isZero();
        assertThat(s.videoCount()).isEqualTo(2);
        assertThat(s.videoEntry(0)).isZero();
        assertThat(s.videoEntry(1)).isEqualTo(1);
        assertThat(s.category(0)).isEqualTo("POSITIVE_CLASS");
        assertThat(s.category(1)).isEqualTo("INVESTIGATION_SEED");
        assertThat(s.sourceList(1)).isEqualTo(V3 + ".txt");
        // frames exactly as in the reference's files (10 and 6 lines), timestamps included
        assertThat(s.videoFrames(0)).isEqualTo(referenceFrames(root, V1)).hasSize(10);
        assertThat(s.videoFrames(1)).isEqualTo(referenceFrames(root, V3)).hasSize(6);
        assertThat(VpdqFile.format(s.videoFrames(0)))
                .isEqualTo(Files.readString(root.resolve("engine/src/test/resources/vpdq/hashes_r1/" + V1 + ".txt")));
        VideoIndex index = s.videoIndex();
        assertThat(index.videoCount()).isEqualTo(2);
        assertThat(index.frameCount()).isEqualTo(16);
        List<VideoMatch> m = index.match(referenceFrames(root, V1), VideoMatcher.DEFAULT);
        assertThat(m).hasSize(1);
        assertThat(m.get(0).id()).isEqualTo("0");
        assertThat(m.get(0).hit()).isTrue();
        assertThat(m.get(0).comparison().queryMatchedPercent()).isEqualTo(100.0);
        assertThat(m.get(0).comparison().comparedMatchedPercent()).isEqualTo(100.0);
    }
}
