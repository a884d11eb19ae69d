package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.video.VideoEntry;
import io.hashmatch.video.VideoIndex;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFile;
import io.hashmatch.video.VpdqFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot's video sections (format version 2): the reference's vPDQ files of the bundled vectors stored
 * beside image hashes, read back line for line, and matched through the stored frame index exactly as the
 * in-memory {@link VideoIndex} matches.
 */
class VideoSectionTest {
    @TempDir
    Path tmp;

    private static List<VideoEntry> referenceVideos(String sampling) throws Exception {
        Path dir = Path.of(
                        VideoSectionTest.class.getResource("/vpdq/videos.tsv").toURI())
                .getParent()
                .resolve("hashes_" + sampling);
        List<VideoEntry> videos = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                try (var reader = Files.newBufferedReader(f)) {
                    videos.add(new VideoEntry(f.getFileName().toString(), VpdqFile.read(reader, f.toString())));
                }
            }
        }
        return videos;
    }

    @Test
    void videosRoundTripAndMatchThroughTheStoredIndex() throws Exception {
        for (String sampling : List.of("r0", "r1")) {
            List<VideoEntry> videos = referenceVideos(sampling);
            SnapshotWriter w = SnapshotWriter.create("videos", "1", Instant.EPOCH);
            int image = w.addEntry();
            w.addPdq(image, PdqHash.ZERO);
            for (VideoEntry v : videos) {
                w.addVideo(w.addEntry("video", null, false), v.frames());
            }
            Path file = tmp.resolve(sampling + ".hmsnap");
            w.write(file);
            try (HashListSnapshot s = HashListSnapshot.open(file)) {
                assertThat(s.formatVersion()).isEqualTo(HashListSnapshot.VERSION_CURRENT);
                assertThat(s.videoCount()).isEqualTo(videos.size());
                assertThat(s.pdqCount()).isEqualTo(1);
                VideoIndex memory = VideoIndex.build(videos);
                for (int v = 0; v < videos.size(); v++) {
                    assertThat(s.videoEntry(v)).isEqualTo(v + 1);
                    assertThat(VpdqFile.format(s.videoFrames(v)))
                            .isEqualTo(VpdqFile.format(videos.get(v).frames()));
                    for (VideoMatcher m : List.of(VideoMatcher.DEFAULT, new VideoMatcher(16, 0, 50, 50))) {
                        var stored = s.videoIndex().match(videos.get(v).frames(), m);
                        var expected = memory.match(videos.get(v).frames(), m);
                        assertThat(stored).hasSameSizeAs(expected).isNotEmpty();
                        for (int i = 0; i < stored.size(); i++) {
                            assertThat(stored.get(i).video())
                                    .isEqualTo(expected.get(i).video());
                            assertThat(stored.get(i).id())
                                    .isEqualTo(Integer.toString(expected.get(i).video() + 1));
                            assertThat(stored.get(i).comparison())
                                    .isEqualTo(expected.get(i).comparison());
                            assertThat(stored.get(i).hit())
                                    .isEqualTo(expected.get(i).hit());
                        }
                    }
                }
                assertThatThrownBy(() -> s.videoFrames(videos.size())).isInstanceOf(IndexOutOfBoundsException.class);
            }
        }
    }

    @Test
    void aSnapshotWithoutVideosHasAnEmptyVideoIndex() throws Exception {
        SnapshotWriter w = SnapshotWriter.create("none", "1", Instant.EPOCH);
        w.addPdq(w.addEntry(), PdqHash.ZERO);
        Path file = tmp.resolve("none.hmsnap");
        w.write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            assertThat(s.videoCount()).isZero();
            assertThat(s.videoIndex().frameCount()).isZero();
            assertThat(s.videoIndex().match(List.of(new VpdqFrame(0, 100, PdqHash.ZERO, 0f)), VideoMatcher.DEFAULT))
                    .isEmpty();
        }
    }

    /** {@code list import} of vPDQ files (given or detected) beside a hex list: one entry with a video per file. */
    @Test
    void importerTakesVpdqFilesAsVideoEntries() throws Exception {
        Path vectors = Path.of(
                        VideoSectionTest.class.getResource("/vpdq/videos.tsv").toURI())
                .getParent();
        Path v1 = vectors.resolve("hashes_r1/v1_testsrc2_320x240_25fps_10s.txt");
        Path v5 = vectors.resolve("hashes_r1/v5_cellauto_320x240_25fps_8s.txt");
        Path hex = Files.writeString(tmp.resolve("md5.txt"), "d41d8cd98f00b204e9800998ecf8427e\n");
        Path target = tmp.resolve("mixed.hmsnap");
        ImportReport report = ListImporter.importLists(
                List.of(
                        new io.hashmatch.list.format.ListImport.Source(
                                v1, io.hashmatch.list.format.ReadOptions.DEFAULTS),
                        io.hashmatch.list.format.ListImport.Source.of(hex),
                        new io.hashmatch.list.format.ListImport.Source(
                                v5,
                                io.hashmatch.list.format.ReadOptions.DEFAULTS.withFormat(
                                        io.hashmatch.list.format.ListFormat.VPDQ))),
                "mixed",
                "1",
                target);
        assertThat(report.entriesPerSource()).containsExactly(1L, 1L, 1L);
        try (HashListSnapshot s = HashListSnapshot.open(target)) {
            assertThat(s.entryCount()).isEqualTo(3);
            assertThat(s.md5Count()).isEqualTo(1);
            assertThat(s.videoCount()).isEqualTo(2);
            assertThat(s.videoEntry(0)).isEqualTo(1); // list entries first, then the videos in source order
            assertThat(s.sourceList(1)).isEqualTo(v1.getFileName().toString());
            assertThat(VpdqFile.format(s.videoFrames(0))).isEqualTo(Files.readString(v1));
            assertThat(VpdqFile.format(s.videoFrames(1))).isEqualTo(Files.readString(v5));
            var matches = s.videoIndex().match(s.videoFrames(0), VideoMatcher.DEFAULT);
            assertThat(matches).hasSize(1);
            assertThat(matches.get(0).hit()).isTrue();
            assertThat(matches.get(0).id()).isEqualTo("1");
        }
        Path bad = Files.writeString(tmp.resolve("bad.txt"), Files.readString(v1) + "10,100,xyz,1.000\n");
        assertThatThrownBy(() -> ListImporter.importLists(
                        List.of(new io.hashmatch.list.format.ListImport.Source(
                                bad,
                                io.hashmatch.list.format.ReadOptions.DEFAULTS.withFormat(
                                        io.hashmatch.list.format.ListFormat.VPDQ))),
                        "b",
                        "1",
                        tmp.resolve("b.hmsnap")))
                .isInstanceOf(ListImportException.class)
                .hasMessageContaining("bad.txt:11");
        assertThat(tmp.resolve("b.hmsnap")).doesNotExist();
    }

    @Test
    void addVideoNeedsAnEntry() {
        SnapshotWriter w = SnapshotWriter.create("x", "1");
        assertThatThrownBy(() -> w.addVideo(0, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
