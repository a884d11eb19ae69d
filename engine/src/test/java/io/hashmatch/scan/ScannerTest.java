package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.MatchHit;
import io.hashmatch.report.BlurredThumbnail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner on the generated tree of {@link ScanTree}: every record, hit and reason, exactly. */
class ScannerTest {
    @TempDir
    Path tmp;

    static HashListSnapshot snapshot;

    @BeforeAll
    static void open() throws Exception {
        snapshot = HashListSnapshot.open(ScanTree.SNAPSHOT);
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    /** The whole tree, in walk order: path | entry | kind format | error | hits (x = not a match). */
    static final List<String> EXPECTED = List.of(
            "a/b/notes.txt | - | image png | - | demo-golden POSITIVE_CLASS pdq 0",
            "a/shapes.png | - | image png | - | demo-golden POSITIVE_CLASS pdq 0",
            "archives/clips.zip | - | archive zip | - | ",
            "archives/clips.zip | half.mp4 | video mp4 | - | demo-video-golden POSITIVE_CLASS vpdq 0 100.00/100.00",
            "archives/noise.xz | - | archive xz | - | ",
            "archives/noise.xz | noise | image png | - | demo-golden - md5 0",
            "archives/outer.zip | - | archive zip | - | ",
            "archives/outer.zip | grad.png | image png | - | ",
            "archives/outer.zip | inner.tar.gz | archive gzip | - | ",
            "archives/outer.zip | inner.tar.gz!/inner.tar | archive tar | - | ",
            "archives/outer.zip | inner.tar.gz!/inner.tar!/deep.zip | archive zip | - | ",
            "archives/outer.zip | inner.tar.gz!/inner.tar!/deep.zip!/checker32.png | image png | - | demo-golden - md5 0",
            "archives/outer.zip | inner.tar.gz!/inner.tar!/rings.png | image png | - | demo-golden INVESTIGATION_SEED pdq 0",
            "archives/pack.7z | - | archive 7z | - | ",
            "archives/pack.7z | readme.txt | other - | - | ",
            "archives/pack.7z | s/shapes.png | image png | - | demo-golden POSITIVE_CLASS pdq 0",
            "archives/single.png.bz2 | - | archive bzip2 | - | ",
            "archives/single.png.bz2 | single.png | image png | - | demo-golden - md5 0",
            "bombs/cut.zip | - | archive zip | archive_corrupt | ",
            "bombs/cut.zip | big.bin | unreadable - | archive_corrupt | ",
            "bombs/zeros.zip | - | archive zip | archive_bomb | ",
            "bombs/zeros.zip | zeros.bin | unreadable - | archive_bomb | ",
            "broken.jpg | - | image jpeg | truncated | ",
            "checker.png | - | image png | - | demo-golden NEGATIVE_CLASS pdq 0 x",
            "clip.mp4 | - | video mp4 | corrupt_data | ",
            "fifo | - | unreadable - | not_regular_file | ",
            "links/inside | - | other - | - | ",
            "links/out-dir | - | unreadable - | symlink_not_followed | ",
            "links/out-file | - | unreadable - | symlink_not_followed | ",
            "near1.jpg | - | image jpeg | - | ",
            "near2.png | - | image png | - | ",
            "photo.dat | - | image png | - | demo-golden - md5 0",
            "plain.txt | - | other - | - | ",
            "videos/copy.bin | - | video mp4 | - | demo-video-golden POSITIVE_CLASS vpdq 0 100.00/100.00",
            "videos/other.mp4 | - | video mp4 | - | ",
            "videos/v1.mp4 | - | video mp4 | - | demo-video-golden POSITIVE_CLASS vpdq 0 100.00/100.00");

    static String render(Path root, ScannedFile f) {
        StringBuilder hits = new StringBuilder();
        for (MatchHit h : f.hits()) {
            hits.append(hits.isEmpty() ? "" : "; ")
                    .append(h.list())
                    .append(' ')
                    .append(h.category() == null ? "-" : h.category())
                    .append(' ')
                    .append(h.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ')
                    .append(h.distance())
                    .append(h.isMatch() ? "" : " x");
        }
        for (io.hashmatch.match.VideoHit h : f.videoHits()) {
            hits.append(hits.isEmpty() ? "" : "; ")
                    .append(h.list())
                    .append(' ')
                    .append(h.category() == null ? "-" : h.category())
                    .append(" vpdq ")
                    .append(h.entry())
                    .append(' ')
                    .append(io.hashmatch.video.VideoComparison.formatPercent(
                            h.comparison().queryMatchedPercent()))
                    .append('/')
                    .append(io.hashmatch.video.VideoComparison.formatPercent(
                            h.comparison().comparedMatchedPercent()))
                    .append(h.isMatch() ? "" : " x");
        }
        return root.relativize(Path.of(f.path())) + " | " + (f.entry() == null ? "-" : f.entry()) + " | "
                + f.kind().label() + " " + (f.format() == null ? "-" : f.format()) + " | "
                + (f.error() == null ? "-" : f.error())
                + " | " + hits;
    }

    static List<String> render(Path root, List<ScannedFile> records) {
        List<String> out = new ArrayList<>();
        for (ScannedFile f : records) {
            out.add(render(root, f));
        }
        return out;
    }

    private Scanner.Builder scanner(String journal) throws Exception {
        Files.createDirectories(tmp.resolve("out"));
        return Scanner.newBuilder()
                .hasher(ScanTree.hasher())
                .matcher(ScanTree.matcher(snapshot), "demo")
                .journal(tmp.resolve("out").resolve(journal))
                .threads(2);
    }

    @Test
    void everyExpectedHitAndReasonAndTheTreeIsUnchanged() throws Exception {
        Path ev = ScanTree.build(tmp, true);
        Map<String, String> before = ScanTree.fingerprint(ev);
        ScanResult r = scanner("journal.jsonl").build().run(List.of(ev));
        assertThat(render(ev, r.records())).containsExactlyElementsOf(EXPECTED);
        assertThat(r.complete()).isTrue();
        assertThat(r.runs()).hasSize(1);

        Map<String, String> after = ScanTree.fingerprint(ev);
        assertThat(after).isEqualTo(before); // content, sizes, mtimes and links, directories included

        ScannedFile outFile = r.records().stream()
                .filter(f -> f.path().endsWith("out-file"))
                .findFirst()
                .orElseThrow();
        assertThat(outFile.errorMessage()).isEqualTo("symbolic link not followed: it leads outside " + ev.toRealPath());
        ScannedFile broken = r.records().stream()
                .filter(f -> f.path().endsWith("broken.jpg"))
                .findFirst()
                .orElseThrow();
        assertThat(broken.md5()).isNotNull(); // exact hashes of a broken image stay
        assertThat(broken.errorMessage()).contains("end-of-image marker");
        ScannedFile bomb = r.records().stream()
                .filter(f -> f.path().endsWith("zeros.zip"))
                .findFirst()
                .orElseThrow();
        assertThat(bomb.errorMessage()).startsWith("archive bomb: ").contains("over the ratio limit of 100");
        // the demo lists' MD5 of syn_noise_64x48.png, found in a renamed file and inside an xz stream
        assertThat(r.records().stream()
                        .filter(f -> "e0f41eaab102fe97c5a4deed64630418".equals(f.md5()))
                        .count())
                .isEqualTo(2);
    }

    @Test
    void depthAndTotalSizeLimits() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        ScanResult r = scanner("j1.jsonl")
                .archiveLimits(new ArchiveLimits(3, 1L << 30, 100))
                .build()
                .run(List.of(ev.resolve("archives/outer.zip")));
        assertThat(render(ev, r.records()))
                .containsExactly(
                        "archives/outer.zip | - | archive zip | - | ",
                        "archives/outer.zip | grad.png | image png | - | ",
                        "archives/outer.zip | inner.tar.gz | archive gzip | - | ",
                        "archives/outer.zip | inner.tar.gz!/inner.tar | archive tar | - | ",
                        "archives/outer.zip | inner.tar.gz!/inner.tar!/deep.zip | archive zip | archive_too_deep | ",
                        "archives/outer.zip | inner.tar.gz!/inner.tar!/rings.png | image png | - | demo-golden INVESTIGATION_SEED pdq 0");
        assertThat(r.records().get(4).errorMessage())
                .isEqualTo("archive nested 3 levels deep, over the limit of 3: hashed, not opened");
        assertThat(r.records().get(4).md5()).isNotNull();

        ScanResult small = scanner("j2.jsonl")
                .archiveLimits(new ArchiveLimits(5, 1000, 100))
                .build()
                .run(List.of(ev.resolve("archives/noise.xz")));
        assertThat(render(ev, small.records()))
                .containsExactly(
                        "archives/noise.xz | - | archive xz | archive_bomb | ",
                        "archives/noise.xz | noise | unreadable - | archive_bomb | ");
        assertThat(small.records().get(0).errorMessage()).startsWith("archive bomb: more than 1000 bytes decompressed");
    }

    @Test
    void anEmptyFileOrArchiveEntryIsRecordedAsEmptyFileAsHashReportsIt() throws Exception {
        Path ev = Files.createDirectories(tmp.resolve("empty-ev"));
        Files.write(ev.resolve("empty.jpg"), new byte[0]);
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(ev.resolve("z.zip")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("e.txt"));
            zip.closeEntry();
        }
        ScanResult r = scanner("journal.jsonl").build().run(List.of(ev));
        assertThat(render(ev, r.records()))
                .containsExactly(
                        "empty.jpg | - | other - | empty_file | ",
                        "z.zip | - | archive zip | - | ",
                        "z.zip | e.txt | other - | empty_file | ");
        assertThat(r.records().get(0).errorMessage()).isEqualTo("empty file (0 bytes)");
        assertThat(r.records().get(0).sha256())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void anExistingJournalIsResumedOnlyWhenAskedAndWithTheSameSettings() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        scanner("journal.jsonl").build().run(List.of(ev.resolve("a")));
        assertThatThrownBy(() -> scanner("journal.jsonl").build().run(List.of(ev.resolve("a"))))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("already holds a scan journal");
        assertThatThrownBy(() -> scanner("journal.jsonl").resume(true).build().run(List.of(ev.resolve("archives"))))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("cannot resume")
                .hasMessageContaining("roots=[" + ev.resolve("archives") + "]");
        assertThatThrownBy(() -> scanner("journal.jsonl")
                        .resume(true)
                        .thumbnails(BlurredThumbnail::dataUri)
                        .build()
                        .run(List.of(ev.resolve("a"))))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("thumbnails=false");
        ScanResult again = scanner("journal.jsonl").resume(true).build().run(List.of(ev.resolve("a")));
        assertThat(again.resumedFiles()).isEqualTo(2);
        assertThat(again.runs()).hasSize(2);
        assertThat(render(ev, again.records())).containsExactly(EXPECTED.get(0), EXPECTED.get(1));
    }

    @Test
    void resumeAfterATornLastLineEqualsAnUninterruptedRun() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        ScanResult full = scanner("full.jsonl").build().run(List.of(ev));
        Path journal = tmp.resolve("out/full.jsonl");
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        // keep the header and the first 5 finished files, then half of the 6th line, as a killed writer leaves it
        String torn = String.join("\n", lines.subList(0, 6)) + "\n"
                + lines.get(6).substring(0, lines.get(6).length() / 2);
        Path partial = tmp.resolve("out/partial.jsonl");
        Files.writeString(partial, torn, StandardCharsets.UTF_8);
        ScanResult resumed = scanner("partial.jsonl").resume(true).build().run(List.of(ev));
        assertThat(resumed.resumedFiles()).isEqualTo(5);
        assertThat(resumed.records()).isEqualTo(full.records());
    }

    @Test
    void aJournalDamagedBeforeItsLastLineIsRefused() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        scanner("journal.jsonl").build().run(List.of(ev.resolve("a")));
        Path journal = tmp.resolve("out/journal.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal, StandardCharsets.UTF_8));
        lines.set(1, lines.get(1).substring(0, 20));
        Files.write(journal, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> scanner("journal.jsonl").resume(true).build().run(List.of(ev.resolve("a"))))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("damaged journal: line 2");
    }

    @Test
    void recordsSurviveTheirJsonForm() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        ScanResult r = scanner("journal.jsonl")
                .thumbnails(BlurredThumbnail::dataUri)
                .build()
                .run(List.of(ev));
        for (ScannedFile f : r.records()) {
            assertThat(ScannedFile.fromJson(f.toJson(0, true))).isEqualTo(f);
            assertThat(ScannedFile.fromJson(f.toJson(3, false))).isEqualTo(f.withThumbnail(null));
        }
        assertThat(r.records().stream().filter(f -> f.thumbnail() != null).count())
                .isEqualTo(r.records().stream()
                        .filter(f -> f.matched() && f.kind() == MediaKind.IMAGE)
                        .count());
    }

    @Test
    void aCancelledScanStopsCleanlyAndResumes() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        Scanner[] self = new Scanner[1];
        self[0] = scanner("journal.jsonl")
                .threads(1)
                .onFile(records -> self[0].cancel())
                .build();
        ScanResult cut = self[0].run(List.of(ev));
        assertThat(cut.complete()).isFalse();
        assertThat(cut.records()).isNotEmpty();
        assertThat(cut.records().size()).isLessThan(EXPECTED.size());
        ScanResult rest = scanner("journal.jsonl").resume(true).build().run(List.of(ev));
        assertThat(rest.complete()).isTrue();
        assertThat(render(ev, rest.records()))
                .containsExactlyElementsOf(
                        EXPECTED.stream().filter(e -> !e.startsWith("fifo")).toList());
    }
}
