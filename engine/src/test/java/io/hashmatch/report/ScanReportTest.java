package io.hashmatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.scan.ScanResult;
import io.hashmatch.scan.ScanTreeAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports and the manifest of a scan of the generated tree. */
class ScanReportTest {
    @TempDir
    static Path tmp;

    static Path ev;
    static Path out;
    static ScanResult result;
    static HashListSnapshot snapshot;
    static Custody custody;

    @BeforeAll
    static void scan() throws Exception {
        snapshot = HashListSnapshot.open(ScanTreeAccess.SNAPSHOT);
        ev = ScanTreeAccess.build(tmp);
        out = Files.createDirectories(tmp.resolve("out"));
        result = ScanTreeAccess.scan(ev, snapshot, out.resolve("journal.jsonl"), true);
        custody = new Custody(
                "hashmatch 0.1.0-test",
                List.of("scan", "--case", "C-1", ev.toString()),
                "J. Doe",
                "C-1",
                List.of(ev.toString()),
                List.of(Instant.parse("2026-11-29T08:00:00Z")),
                Instant.parse("2026-11-29T08:01:00Z"),
                List.of(new Custody.ListInfo(
                        snapshot.name(), snapshot.version(), snapshot.checksum(), snapshot.entryCount(), 31, false)));
        ScanReport.write(out, result, custody, 10, 50);
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    /** The video list's source of its entry 0: the reference hash file of v1 it was made from. */
    static final String HALF_SOURCE = "v1_testsrc2_320x240_25fps_10s.txt";

    private static List<String> lines(String name) throws Exception {
        return Files.readAllLines(out.resolve(name), StandardCharsets.UTF_8).stream()
                .map(l -> l.replace(ev.toString() + "/", ""))
                .toList();
    }

    @Test
    void hitsCsvHasOneRowPerMatchingHit() throws Exception {
        List<String> hits = lines("hits.csv");
        assertThat(hits.get(0)).isEqualTo(ScanReport.HITS_HEADER);
        assertThat(hits.subList(1, hits.size()).stream()
                        .map(l -> String.join(",", List.of(l.split(",", -1)).subList(0, 7))))
                .containsExactly(
                        "a/b/notes.txt,,demo-golden,POSITIVE_CLASS,hashmatch demo,pdq,0",
                        "a/shapes.png,,demo-golden,POSITIVE_CLASS,hashmatch demo,pdq,0",
                        "archives/clips.zip,half.mp4,demo-video-golden,POSITIVE_CLASS," + HALF_SOURCE + ",vpdq,",
                        "archives/noise.xz,noise,demo-golden,,md5.txt,md5,0",
                        "archives/outer.zip,inner.tar.gz!/inner.tar!/deep.zip!/checker32.png,demo-golden,,md5.txt,md5,0",
                        "archives/outer.zip,inner.tar.gz!/inner.tar!/rings.png,demo-golden,INVESTIGATION_SEED,hashmatch demo,pdq,0",
                        "archives/pack.7z,s/shapes.png,demo-golden,POSITIVE_CLASS,hashmatch demo,pdq,0",
                        "archives/single.png.bz2,single.png,demo-golden,,md5.txt,md5,0",
                        "photo.dat,,demo-golden,,md5.txt,md5,0",
                        "videos/copy.bin,,demo-video-golden,POSITIVE_CLASS," + HALF_SOURCE + ",vpdq,",
                        "videos/v1.mp4,,demo-video-golden,POSITIVE_CLASS," + HALF_SOURCE + ",vpdq,");
        // a video hit: exact hashes, no PDQ, the reference matcher's two percentages and the vPDQ file
        String v1 = hits.stream()
                .filter(l -> l.startsWith("videos/v1.mp4,"))
                .findFirst()
                .orElseThrow();
        String v1Sha256 = result.records().stream()
                .filter(f -> f.path().endsWith("videos/v1.mp4"))
                .findFirst()
                .orElseThrow()
                .sha256();
        assertThat(v1).endsWith("," + v1Sha256 + ",,100.00,100.00,vpdq/" + v1Sha256 + ".vpdq,,");
        assertThat(hits.get(4))
                .endsWith(",e0f41eaab102fe97c5a4deed64630418,a002ec32824a1da56605726d22c3cca0d936ee82,"
                        + "e2090f6d15a6d9b0f7f2855fdb725c36d60138c4ba1314a7b05c7588727f6c11,"
                        + "645324fcf42d57aa8217268332ef5f5847d47599093fb63bc9ba24d5ce7aa010,,,,,"); // no video columns,
        // and no variants: the scan's hasher derives none
    }

    /** The files.csv columns of a record that is not known-good, not out of a disk image, and named right. */
    static final String NO_DISK = ",,,,,,,,,false";

    @Test
    void filesListEveryRecordWithNearDuplicateGroups() throws Exception {
        List<String> csv = lines("files.csv");
        assertThat(csv.get(0)).isEqualTo(ScanReport.FILES_HEADER);
        assertThat(csv).hasSize(result.records().size() + 1);
        assertThat(csv.stream().filter(l -> l.endsWith(",1,," + NO_DISK)).map(l -> l.split(",")[0]))
                .containsExactly("near1.jpg", "near2.png");
        assertThat(csv)
                .contains("links/out-file,,0,unreadable,,,,,,,,,symlink_not_followed,symbolic link not followed:"
                        + " it leads outside " + ev.toRealPath() + ",false,,,," + NO_DISK);
        // a hashed video: its frame size, number of vPDQ frames and vPDQ file; a video that does not decode: its reason
        String v1Sha256 = sha256Of("videos/v1.mp4");
        assertThat(csv)
                .contains("videos/v1.mp4,,343585,video,mp4,"
                        + recordOf("videos/v1.mp4").md5() + ","
                        + recordOf("videos/v1.mp4").sha1() + "," + v1Sha256
                        + ",,,320,240,,,true,demo-video-golden,,10,vpdq/" + v1Sha256 + ".vpdq" + NO_DISK);
        assertThat(csv.stream()
                        .filter(l -> l.startsWith("clip.mp4,"))
                        .findFirst()
                        .orElseThrow())
                .contains(",,,,,corrupt_data,\"video: FFmpeg could not start decoding: avformat_open_input() error -2:")
                .endsWith(",false,,,," + NO_DISK);
        List<String> jsonl = lines("files.jsonl");
        assertThat(jsonl).hasSize(result.records().size());
        assertThat(jsonl).noneMatch(l -> l.contains("thumbnail"));
        assertThat(jsonl.stream().filter(l -> l.contains("\"near_group\":1"))).hasSize(2);
    }

    private static io.hashmatch.scan.ScannedFile recordOf(String relative) {
        return result.records().stream()
                .filter(f -> f.entry() == null
                        && f.path().equals(ev.resolve(relative).toString()))
                .findFirst()
                .orElseThrow();
    }

    private static String sha256Of(String relative) {
        return recordOf(relative).sha256();
    }

    @Test
    void everyHashedVideoHasItsVpdqFileAsVideoHashWritesIt() throws Exception {
        // v1.mp4, copy.bin (= clips.zip!/half.mp4: one file per distinct content) and other.mp4
        try (Stream<Path> files = Files.list(out.resolve("vpdq"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyInAnyOrder(
                            sha256Of("videos/v1.mp4") + ".vpdq",
                            sha256Of("videos/copy.bin") + ".vpdq",
                            sha256Of("videos/other.mp4") + ".vpdq");
        }
        for (String video : List.of("videos/v1.mp4", "videos/copy.bin", "videos/other.mp4")) {
            String expected = io.hashmatch.video.VpdqFile.format(new io.hashmatch.video.VideoHasher()
                    .hash(ev.resolve(video), io.hashmatch.video.VideoLimits.DEFAULT)
                    .frames());
            assertThat(Files.readString(out.resolve("vpdq/" + sha256Of(video) + ".vpdq")))
                    .as(video)
                    .isEqualTo(expected);
        }
        String v1Line = lines("files.jsonl").stream()
                .filter(l -> l.startsWith("{\"path\":\"videos/v1.mp4\""))
                .findFirst()
                .orElseThrow();
        assertThat(v1Line)
                .contains("\"video\":{\"seconds_per_hash\":1.0,\"fps\":25.0,\"decoded_frames\":250,"
                        + "\"width\":320,\"height\":240,\"vpdq_frames\":10,\"vpdq_file\":\"vpdq/"
                        + sha256Of("videos/v1.mp4")
                        + ".vpdq\",\"vpdq\":[\"0,");
        assertThat(v1Line)
                .contains("\"video_hits\":[{\"list\":\"demo-video-golden\",\"entry\":0,"
                        + "\"category\":\"POSITIVE_CLASS\",\"source\":\"" + HALF_SOURCE
                        + "\",\"query_matched_pct\":100.0,"
                        + "\"compared_matched_pct\":100.0,\"query_matched\":10,\"query_frames\":10,\"compared_matched\":10,"
                        + "\"compared_frames\":10,\"suppressing\":false,\"suppressed\":false}],\"matched\":true}");
    }

    @Test
    void vicsExportReadsBackAsTheMatchedRecords() throws Exception {
        List<ListEntry> entries = ListImport.readAll(List.of(ListImport.Source.of(out.resolve("hits.vics.json"))));
        assertThat(entries).hasSize(7); // 11 matched records, 7 distinct contents
        assertThat(entries).allSatisfy(e -> assertThat(e.hashes().keySet())
                .contains(HashKind.MD5, HashKind.SHA1, HashKind.SHA256));
        // VICS has no vPDQ field: the two videos (half.mp4 = copy.bin, v1.mp4) carry their exact hashes only
        assertThat(entries.stream()
                        .filter(e -> !e.hashes().containsKey(HashKind.PDQ))
                        .map(e -> e.hash(HashKind.SHA256)))
                .containsExactly(sha256Of("videos/copy.bin"), sha256Of("videos/v1.mp4"));
        assertThat(entries.stream().map(ListEntry::category))
                .containsExactly(
                        "POSITIVE_CLASS",
                        "POSITIVE_CLASS",
                        "POSITIVE_CLASS",
                        null,
                        null,
                        "INVESTIGATION_SEED",
                        "POSITIVE_CLASS");
        // MediaID = the record's line in files.jsonl
        List<String> jsonl = lines("files.jsonl");
        for (ListEntry e : entries) {
            assertThat(jsonl.get(Integer.parseInt(e.externalId()) - 1)).contains(e.hash(HashKind.SHA256));
        }
    }

    @Test
    void htmlStatesCustodyAndCountsAndShowsThumbnailsOnlyBehindAClick() throws Exception {
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html)
                .contains(
                        "<th>Examiner</th><td>J. Doe</td>",
                        "<th>Case</th><td>C-1</td>",
                        "<th>Tool</th><td>hashmatch 0.1.0-test</td>",
                        "<th>Started</th><td>2026-11-29T08:00:00Z</td>",
                        "<th>Ended</th><td>2026-11-29T08:01:00Z</td>",
                        "<td class=\"h\">" + snapshot.checksum() + "</td>",
                        "<tr><td>demo-golden</td><td>(none)</td><td>4</td></tr>",
                        "<tr><td>demo-golden</td><td>POSITIVE_CLASS</td><td>3</td></tr>",
                        "<tr><td>demo-golden</td><td>INVESTIGATION_SEED</td><td>1</td></tr>",
                        "<tr><td>demo-video-golden</td><td>POSITIVE_CLASS</td><td>3</td></tr>",
                        "<td>vpdq</td><td>100.00% / 100.00%</td>",
                        "<tr><td>archive_bomb</td><td>2</td></tr>");
        // every picture is a blurred thumbnail inside a closed <details>, one per matched image
        int imgs = html.split("<img ", -1).length - 1;
        int hidden = html.split("<details><summary>reveal blurred thumbnail</summary><img ", -1).length - 1;
        assertThat(imgs).isEqualTo(8).isEqualTo(hidden);
        assertThat(html).doesNotContain("<details open");
        // nothing but reports, the journal and the manifest in the folder: no image file written
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(
                            "custody.json",
                            "files.csv",
                            "files.jsonl",
                            "hits.csv",
                            "hits.vics.json",
                            "journal.jsonl",
                            "manifest.sha256",
                            "report.html",
                            "vpdq");
        }
    }

    @Test
    void manifestVerifiesAndCatchesOneChangedByteAnAddedAndARemovedFile(@TempDir Path copy) throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.toList()) {
                if (!f.equals(out)) {
                    Files.copy(f, copy.resolve(out.relativize(f).toString()));
                }
            }
        }
        Manifest.Verification ok = Manifest.verify(copy);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.files()).isEqualTo(10); // 7 files and the 3 vPDQ files in vpdq/
        assertThat(Files.readString(copy.resolve(Manifest.FILE_NAME)))
                .contains("  vpdq/" + sha256Of("videos/v1.mp4") + ".vpdq\n");
        Files.writeString(copy.resolve("vpdq/" + sha256Of("videos/other.mp4") + ".vpdq"), "0,100,");
        assertThat(Manifest.verify(copy).problems())
                .containsExactly(
                        "vpdq/" + sha256Of("videos/other.mp4") + ".vpdq: changed (SHA-256 differs from the manifest)");
        Files.copy(
                out.resolve("vpdq/" + sha256Of("videos/other.mp4") + ".vpdq"),
                copy.resolve("vpdq/" + sha256Of("videos/other.mp4") + ".vpdq"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        byte[] hits = Files.readAllBytes(copy.resolve("hits.csv"));
        hits[hits.length / 2] ^= 1;
        Files.write(copy.resolve("hits.csv"), hits);
        Files.writeString(copy.resolve("extra.txt"), "added");
        Files.delete(copy.resolve("custody.json"));
        assertThat(Manifest.verify(copy).problems())
                .containsExactly(
                        "custody.json: missing",
                        "hits.csv: changed (SHA-256 differs from the manifest)",
                        "extra.txt: not in the manifest");
    }
}
