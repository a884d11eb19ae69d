package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.VideoHit;
import io.hashmatch.video.VideoComparison;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Videos in a scan: the vPDQ the scan records is exactly {@link VideoHasher}'s on the same file, hits follow the
 * reference matcher's percentages of {@code vpdq/matches.tsv}, and every way a video can fail leaves a typed
 * error on its record without stopping the scan.
 */
class ScanVideoTest {
    @TempDir
    Path tmp;

    static HashListSnapshot demo;

    @BeforeAll
    static void open() throws Exception {
        demo = HashListSnapshot.open(ScanTree.SNAPSHOT);
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    private Scanner.Builder scanner(Matcher matcher) throws Exception {
        Files.createDirectories(tmp.resolve("out"));
        return Scanner.newBuilder()
                .hasher(ScanTree.hasher())
                .matcher(matcher, "demo+video")
                .journal(tmp.resolve("out/journal.jsonl"))
                .threads(2);
    }

    private static Map<String, ScannedFile> byLocation(Path root, List<ScannedFile> records) {
        return records.stream()
                .collect(Collectors.toMap(
                        f -> root.relativize(Path.of(f.path())) + (f.entry() == null ? "" : "!/" + f.entry()), f -> f));
    }

    /** The reference matcher's r1 row of matches.tsv for (query, compared): query %, compared %. */
    private static String referenceRow(String query, String compared) throws Exception {
        for (String line : Files.readAllLines(Path.of("src/test/resources/vpdq/matches.tsv"))) {
            String[] f = line.split("\t");
            if (f[0].equals("r1")
                    && f[1].equals(query)
                    && f[2].equals(compared)
                    && f[3].equals("31")
                    && f[4].equals("50")) {
                return f[5] + "/" + f[6];
            }
        }
        throw new AssertionError("no r1 row " + query + " / " + compared);
    }

    @Test
    void framesAreVideoHashersAndHitsAreTheReferenceMatchersPercentages() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        ScanResult r = scanner(ScanTree.matcher(demo))
                .build()
                .run(List.of(ev.resolve("videos"), ev.resolve("archives/clips.zip")));
        Map<String, ScannedFile> records = byLocation(ev, r.records());
        assertThat(records.keySet())
                .containsExactlyInAnyOrder(
                        "videos/copy.bin",
                        "videos/other.mp4",
                        "videos/v1.mp4",
                        "archives/clips.zip",
                        "archives/clips.zip!/half.mp4");

        VideoHasher hasher = new VideoHasher();
        for (String video : List.of("videos/copy.bin", "videos/other.mp4", "videos/v1.mp4")) {
            VideoHash expected = hasher.hash(ev.resolve(video), VideoLimits.DEFAULT);
            ScannedVideo v = records.get(video).video();
            assertThat(v)
                    .as(video)
                    .isEqualTo(new ScannedVideo(
                            1f,
                            expected.framesPerSecond(),
                            expected.decodedFrames(),
                            expected.width(),
                            expected.height(),
                            expected.frames()));
        }
        assertThat(records.get("archives/clips.zip!/half.mp4").video())
                .isEqualTo(records.get("videos/copy.bin").video());
        ScannedVideo v1 = records.get("videos/v1.mp4").video();
        assertThat(List.of(
                        v1.framesPerSecond(),
                        v1.decodedFrames(),
                        v1.width(),
                        v1.height(),
                        v1.frames().size()))
                .containsExactly(25.0, 250, 320, 240, 10); // videos.tsv: 25/1, 10 s, 320x240, 10 lines at r1
        assertThat(records.get("videos/copy.bin").video().frames()).hasSize(10);
        assertThat(records.get("videos/other.mp4").video().frames()).hasSize(8);

        // matches.tsv, sampling r1, distance 31, quality 50: the original and its half-size copy hit, v5 does not
        String v1Name = ScanTree.V1;
        assertThat(percentages(records.get("videos/v1.mp4")))
                .isEqualTo(referenceRow(v1Name, v1Name))
                .isEqualTo("100.00/100.00");
        assertThat(percentages(records.get("videos/copy.bin"))).isEqualTo(referenceRow(ScanTree.V1_HALF, v1Name));
        assertThat(percentages(records.get("archives/clips.zip!/half.mp4")))
                .isEqualTo(referenceRow(ScanTree.V1_HALF, v1Name));
        assertThat(records.get("videos/other.mp4").videoHits()).isEmpty();
        assertThat(records.get("videos/other.mp4").matched()).isFalse();
        VideoHit hit = records.get("videos/v1.mp4").videoHits().get(0);
        assertThat(hit)
                .isEqualTo(new VideoHit(
                        "demo-video-golden",
                        0,
                        new VideoComparison(100, 100, 10, 10, 10, 10),
                        "POSITIVE_CLASS",
                        ScanTree.V1 + ".txt",
                        false,
                        false));
        assertThat(r.records()).allSatisfy(f -> assertThat(f.error()).isNull());
    }

    private static String percentages(ScannedFile f) {
        assertThat(f.videoHits()).hasSize(1);
        VideoComparison c = f.videoHits().get(0).comparison();
        return VideoComparison.formatPercent(c.queryMatchedPercent()) + "/"
                + VideoComparison.formatPercent(c.comparedMatchedPercent());
    }

    @Test
    void theScansVideoMatcherDecides() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        List<Path> videos = List.of(ev.resolve("videos/v1.mp4"), ev.resolve("videos/copy.bin"));
        // quality 101 drops every frame: nothing left to compare, no hit (the reference's rule: both 0)
        ScanResult none = scanner(ScanTree.matcher(demo))
                .videoMatcher(new VideoMatcher(31, 101, 80, 80))
                .build()
                .run(videos);
        assertThat(none.records()).allSatisfy(f -> {
            assertThat(f.video()).isNotNull();
            assertThat(f.videoHits()).isEmpty();
        });
        // distance < 1: JavaCV's v1 frames are bit-identical to the reference's (a hit), the half-size copy's are not
        ScanResult exact = Scanner.newBuilder()
                .hasher(ScanTree.hasher())
                .matcher(ScanTree.matcher(demo), "demo+video")
                .journal(tmp.resolve("out/exact.jsonl"))
                .videoMatcher(new VideoMatcher(1, 50, 80, 80))
                .build()
                .run(videos);
        assertThat(exact.records().get(0).videoHits()).hasSize(1);
        assertThat(exact.records().get(1).videoHits()).isEmpty();
    }

    @Test
    void aSuppressingVideoHitCancelsTheFilesOtherHits() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        Matcher matcher = Matcher.newBuilder()
                .addList(demo)
                .addList(ScanTree.videoSnapshot(), ListSettings.DEFAULTS.withSuppression(true))
                .build();
        ScanResult r = scanner(matcher).build().run(List.of(ev.resolve("videos/v1.mp4")));
        ScannedFile f = r.records().get(0);
        assertThat(f.videoHits()).hasSize(1);
        assertThat(f.videoHits().get(0).suppressing()).isTrue();
        assertThat(f.matched()).isFalse();
        assertThat(ScannedFile.fromJson(f.toJson(0, true))).isEqualTo(f);
    }

    @Test
    void suppressionAppliesAcrossExactAndVideoHits() {
        var exact =
                new io.hashmatch.match.MatchHit("a", 1, 0, io.hashmatch.hash.HashKind.MD5, null, null, false, false);
        var suppressingVideo = new VideoHit("b", 2, new VideoComparison(100, 100, 1, 1, 1, 1), null, null, true, false);
        Matcher.FileHits all = Matcher.suppressAcross(List.of(exact), List.of(suppressingVideo));
        assertThat(all.hits())
                .containsExactly(new io.hashmatch.match.MatchHit(
                        "a", 1, 0, io.hashmatch.hash.HashKind.MD5, null, null, false, true));
        assertThat(all.videoHits()).containsExactly(suppressingVideo);
        var video = suppressingVideo.withSuppressed(false);
        var plainVideo = new VideoHit("b", 2, video.comparison(), null, null, false, false);
        var suppressingExact =
                new io.hashmatch.match.MatchHit("a", 1, 0, io.hashmatch.hash.HashKind.MD5, null, null, true, false);
        assertThat(Matcher.suppressAcross(List.of(suppressingExact), List.of(plainVideo))
                        .videoHits())
                .containsExactly(plainVideo.withSuppressed(true));
        assertThat(Matcher.suppressAcross(List.of(exact), List.of(plainVideo)))
                .isEqualTo(new Matcher.FileHits(List.of(exact), List.of(plainVideo)));
    }

    @Test
    void aVideoOverTheTimeLimitGetsTimeLimitAndTheScanGoesOn() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        ScanResult r = scanner(ScanTree.matcher(demo))
                .videoLimits(VideoLimits.DEFAULT.withTimeLimit(Duration.ofNanos(1)))
                .build()
                .run(List.of(ev.resolve("videos"), ev.resolve("plain.txt")));
        assertThat(r.records()).hasSize(4);
        for (ScannedFile f : r.records().subList(0, 3)) {
            assertThat(f.kind()).isEqualTo(MediaKind.VIDEO);
            assertThat(f.error()).isEqualTo("time_limit");
            assertThat(f.errorMessage()).startsWith("video: not done within PT0.000000001S");
            assertThat(f.video()).isNull();
            assertThat(f.sha256()).isNotNull(); // exact hashes stay, and match as usual
        }
        assertThat(r.records().get(3).error()).isNull();
    }

    @Test
    void overTheDecodeLimitAVideoOnDiskIsDecodedFromTheFileAndOneInAnArchiveIsNot() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        // 100 000 bytes: v1.mp4 (343 585) and the zip are read in streaming; half.mp4 in the zip is 115 447 bytes
        FileHasher small = FileHasher.newBuilder()
                .limits(new DecodeLimits(DecodeLimits.DEFAULT_MAX_PIXELS, 100_000))
                .build();
        Files.createDirectories(tmp.resolve("out"));
        ScanResult r = Scanner.newBuilder()
                .hasher(small)
                .matcher(ScanTree.matcher(demo), "demo+video")
                .journal(tmp.resolve("out/small.jsonl"))
                .threads(2)
                .build()
                .run(List.of(ev.resolve("videos/v1.mp4"), ev.resolve("archives/clips.zip")));
        Map<String, ScannedFile> records = byLocation(ev, r.records());
        assertThat(records.get("videos/v1.mp4").video().frames())
                .isEqualTo(new VideoHasher()
                        .hash(ev.resolve("videos/v1.mp4"), VideoLimits.DEFAULT)
                        .frames());
        assertThat(records.get("videos/v1.mp4").matched()).isTrue();
        ScannedFile inside = records.get("archives/clips.zip!/half.mp4");
        assertThat(inside.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(inside.error()).isEqualTo("file_too_large");
        assertThat(inside.errorMessage())
                .isEqualTo("video entry of 115447 bytes inside an archive is over the in-memory"
                        + " limit of 100000 bytes (--max-file-size): exact hashes only");
        assertThat(inside.md5())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("MD5")
                                .digest(ScanTree.video(ScanTree.V1_HALF)))); // exact hashes of the entry stay
        assertThat(inside.video()).isNull();
    }

    @Test
    void withoutVideoHashingAVideoKeepsItsExactHashesOnly() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        List<Path> videos = List.of(ev.resolve("videos"), ev.resolve("archives/clips.zip"));
        Map<String, ScannedFile> hashed = byLocation(
                ev, scanner(ScanTree.matcher(demo)).build().run(videos).records());
        Map<String, ScannedFile> exact = byLocation(
                ev,
                Scanner.newBuilder()
                        .hasher(ScanTree.hasher())
                        .matcher(ScanTree.matcher(demo), "demo+video")
                        .journal(tmp.resolve("out/novideo.jsonl"))
                        .hashVideos(false)
                        .build()
                        .run(videos)
                        .records());
        assertThat(exact.keySet()).isEqualTo(hashed.keySet());
        for (String video :
                List.of("videos/copy.bin", "videos/other.mp4", "videos/v1.mp4", "archives/clips.zip!/half.mp4")) {
            ScannedFile f = exact.get(video);
            assertThat(f.kind()).as(video).isEqualTo(MediaKind.VIDEO);
            assertThat(f.video()).as(video).isNull();
            assertThat(f.videoHits()).as(video).isEmpty();
            assertThat(f.error()).as(video).isNull();
            assertThat(List.of(f.md5(), f.sha1(), f.sha256()))
                    .as(video)
                    .isEqualTo(List.of(
                            hashed.get(video).md5(),
                            hashed.get(video).sha1(),
                            hashed.get(video).sha256()));
        }
        assertThat(hashed.get("videos/v1.mp4").videoHits()).hasSize(1); // the same tree with vPDQ: a hit
    }

    @Test
    void videoSettingsArePartOfWhatAResumeMustRepeat() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        scanner(ScanTree.matcher(demo)).build().run(List.of(ev.resolve("videos/other.mp4")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scanner(ScanTree.matcher(demo))
                        .resume(true)
                        .videoSecondsPerHash(0.5f)
                        .build()
                        .run(List.of(ev.resolve("videos/other.mp4"))))
                .isInstanceOf(ScanSetupException.class)
                .hasMessageContaining("video=0.5s/");
    }

    @Test
    void aRecordWithoutVideoFieldsReadsAsBeforeAndABrokenVideoFieldIsRefused() {
        ScannedFile old = ScannedFile.fromJson("{\"path\":\"a.mp4\",\"size\":64,\"kind\":\"video\",\"md5\":\""
                + "0".repeat(32) + "\",\"hits\":[],\"matched\":false}");
        assertThat(old.video()).isNull();
        assertThat(old.videoHits()).isEmpty();
        assertThat(old.kind()).isEqualTo(MediaKind.VIDEO);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ScannedFile.fromJson(
                                "{\"path\":\"a.mp4\",\"kind\":"
                                        + "\"video\",\"video\":{\"seconds_per_hash\":1.0,\"fps\":25.0,\"vpdq\":[\"0,100,zz,0.000\"]},\"hits\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("video:1: expected frameIndex,quality,");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScannedFile.fromJson("{\"path\":\"a.mp4\",\"kind\":"
                        + "\"video\",\"video\":{\"seconds_per_hash\":1.0,\"vpdq\":[]},\"hits\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("video without vpdq, fps or seconds_per_hash");
    }
}
