package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hashmatch scan} and {@code scan verify} end to end, in-process, on the demo lists. */
class ScanCommandTest {
    @TempDir
    Path tmp;

    Path snapshot;
    Path evidence;

    static Path image(String name) {
        return DemoListFiles.file("te-dataset.csv")
                .getParent()
                .getParent()
                .getParent()
                .resolve("engine/src/test/resources/pdq/images")
                .resolve(name);
    }

    /** The demo list's {@code te-dataset.csv} and {@code md5.txt} as the snapshot {@code demo.hmsnap} in {@code dir}. */
    static Path demoSnapshot(Path dir) throws Exception {
        Path snapshot = dir.resolve("demo.hmsnap");
        importOk(
                "--name",
                "demo",
                "--version",
                "1",
                DemoListFiles.file("te-dataset.csv").toString(),
                DemoListFiles.file("md5.txt").toString(),
                "--out",
                snapshot.toString());
        return snapshot;
    }

    /**
     * {@code dir/evidence}: {@code sub/text.bin} (a PNG under another name), {@code sub/grad.png} and
     * {@code sub/pics.zip} holding {@code noise.png}.
     */
    static Path evidenceTree(Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("evidence/sub"));
        Files.copy(image("syn_text_256x256.png"), sub.resolve("text.bin"));
        Files.copy(image("syn_grad_32x32.png"), sub.resolve("grad.png"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("noise.png"));
            z.write(Files.readAllBytes(image("syn_noise_64x48.png")));
            z.closeEntry();
        }
        Files.write(sub.resolve("pics.zip"), zip.toByteArray());
        return sub.getParent();
    }

    @BeforeEach
    void setUp() throws Exception {
        snapshot = demoSnapshot(tmp);
        evidence = evidenceTree(tmp);
    }

    @Test
    void scansWritesReportsAndVerifies() throws Exception {
        Path out = tmp.resolve("report");
        Cli.Result r = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--out",
                out.toString(),
                "--examiner",
                "J. Doe",
                "--case",
                "C-42",
                "--quiet",
                evidence.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "scanned 4 records (image 3, archive 1), 0 with errors",
                        "matched 2 records (2 hits); 0 near-duplicate groups",
                        "reports in " + out);
        assertThat(Files.readAllLines(out.resolve("hits.csv")).stream()
                        .skip(1)
                        .map(l -> l.split(",")[1] + " " + l.split(",")[5]))
                .containsExactly("noise.png md5", " pdq");
        String custody = Files.readString(out.resolve("custody.json"));
        assertThat(custody)
                .contains(
                        "\"examiner\" : \"J. Doe\"",
                        "\"case\" : \"C-42\"",
                        "\"name\" : \"demo\"",
                        "\"tool\" : \"hashmatch ");

        Cli.Result ok = Cli.run("scan", "verify", out.toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).isEqualTo("ok 7 files\n");

        byte[] html = Files.readAllBytes(out.resolve("report.html"));
        html[100] ^= 0x20;
        Files.write(out.resolve("report.html"), html);
        Cli.Result bad = Cli.run("scan", "verify", out.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo(out + ": report.html: changed (SHA-256 differs from the manifest)\n");
    }

    @Test
    void brokenFilesMakeExit2AndTheJournalIsResumedOnlyWithResume() throws Exception {
        Files.write(
                evidence.resolve("sub/cut.png"),
                java.util.Arrays.copyOf(Files.readAllBytes(image("syn_grad_32x32.png")), 30));
        Path out = tmp.resolve("report");
        String[] args = {"scan", "--list", snapshot.toString(), "--out", out.toString(), "--quiet", evidence.toString()
        };
        Cli.Result first = Cli.run(args);
        assertThat(first.exitCode()).isEqualTo(2);
        assertThat(first.lines().get(0)).isEqualTo("scanned 5 records (image 4, archive 1), 1 with errors");
        String files = Files.readString(out.resolve("files.jsonl"));

        Cli.Result again = Cli.run(args);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already holds a scan journal");

        String[] resume = Stream.concat(Stream.of(args), Stream.of("--resume")).toArray(String[]::new);
        Cli.Result resumed = Cli.run(resume);
        assertThat(resumed.exitCode()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("files.jsonl"))).isEqualTo(files);
        assertThat(Cli.run("scan", "verify", out.toString()).exitCode()).isZero();
    }

    static Path vpdqResource(String relative) {
        return DemoListFiles.file("te-dataset.csv")
                .getParent()
                .getParent()
                .getParent()
                .resolve("engine/src/test/resources/vpdq")
                .resolve(relative);
    }

    @Test
    void videosAreHashedMatchedAndTheirVpdqWritten() throws Exception {
        String v1 = "v1_testsrc2_320x240_25fps_10s";
        Path videos = tmp.resolve("videos.hmsnap");
        importOk(
                "--name",
                "videos",
                "--version",
                "1",
                vpdqResource("hashes_r1/" + v1 + ".txt").toString(),
                "--out",
                videos.toString());
        Path clips = Files.createDirectories(tmp.resolve("clips"));
        Files.copy(vpdqResource("videos/" + v1 + ".mp4"), clips.resolve("a.mp4"));
        Files.copy(vpdqResource("videos/v5_cellauto_320x240_25fps_8s.mp4"), clips.resolve("b.mp4"));
        Path out = tmp.resolve("report");
        Cli.Result r = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--list",
                videos.toString(),
                "--out",
                out.toString(),
                "--quiet",
                clips.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "scanned 2 records (video 2), 0 with errors",
                        "matched 1 records (1 hits); 0 near-duplicate groups",
                        "reports in " + out);
        List<String> hits = Files.readAllLines(out.resolve("hits.csv"));
        assertThat(hits).hasSize(2);
        assertThat(hits.get(1))
                .startsWith(clips.resolve("a.mp4") + ",,videos,,")
                .contains("," + v1 + ".txt,vpdq,,")
                .endsWith(",100.00,100.00,vpdq/" + sha256(clips.resolve("a.mp4")) + ".vpdq,,"); // no variants
        // the scan's vPDQ of a.mp4 is what 'video hash' writes, which equals the reference's file (byte-exact for v1)
        assertThat(Files.readString(out.resolve("vpdq/" + sha256(clips.resolve("a.mp4")) + ".vpdq")))
                .isEqualTo(Files.readString(vpdqResource("hashes_r1/" + v1 + ".txt")));
        assertThat(Files.exists(out.resolve("vpdq/" + sha256(clips.resolve("b.mp4")) + ".vpdq")))
                .isTrue();
        Cli.Result ok = Cli.run("scan", "verify", out.toString());
        assertThat(ok.out()).isEqualTo("ok 9 files\n"); // 7 files and 2 vPDQ files

        // stricter than any pair can be: every frame must match at distance < 0 -> no hit, same hashes
        Path strict = tmp.resolve("strict");
        Cli.Result none = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--list",
                videos.toString(),
                "--out",
                strict.toString(),
                "--quiet",
                "--video-distance",
                "0",
                clips.toString());
        assertThat(none.exitCode()).isZero();
        assertThat(none.lines().get(1)).isEqualTo("matched 0 records (0 hits); 0 near-duplicate groups");

        // --no-vpdq: exact hashes only, no video hit, no vPDQ file
        Path exactOnly = tmp.resolve("exact-only");
        Cli.Result plain = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--list",
                videos.toString(),
                "--out",
                exactOnly.toString(),
                "--quiet",
                "--no-vpdq",
                clips.toString());
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.lines().get(1)).isEqualTo("matched 0 records (0 hits); 0 near-duplicate groups");
        assertThat(Files.exists(exactOnly.resolve("vpdq"))).isFalse();
        assertThat(Files.readString(exactOnly.resolve("files.jsonl")))
                .contains(sha256(clips.resolve("a.mp4")))
                .doesNotContain("\"video\":")
                .doesNotContain("vpdq_file");

        Cli.Result bad = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--out",
                tmp.resolve("r").toString(),
                "--video-query-percent",
                "120",
                clips.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid video option: hit percentages must be 0..100: 120.0, 80.0");
        Cli.Result badTime = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--out",
                tmp.resolve("r").toString(),
                "--video-time-limit",
                "0",
                clips.toString());
        assertThat(badTime.exitCode()).isEqualTo(1);
        assertThat(badTime.err()).contains("invalid limit: video limits must be positive");
        assertThat(Files.exists(tmp.resolve("r"))).isFalse();
    }

    static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void maxDistanceIsTakenAndCheckedAsMatchTakesIt() throws Exception {
        Path out = tmp.resolve("strict");
        Cli.Result r = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--max-distance",
                "7",
                "--quiet",
                "--out",
                out.toString(),
                evidence.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(out.resolve("custody.json"))).contains("\"max_distance\" : 7");

        Cli.Result far = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--max-distance",
                "257",
                "--out",
                tmp.resolve("r").toString(),
                evidence.toString());
        assertThat(far.exitCode()).isEqualTo(1);
        assertThat(far.err()).isEqualTo("hashmatch scan: --max-distance must be 0..256: 257\n");
        assertThat(Files.exists(tmp.resolve("r"))).isFalse();
    }

    @Test
    void threadsBelowOneIsAUsageError() {
        Cli.Result r = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--threads",
                "0",
                "--out",
                tmp.resolve("r").toString(),
                evidence.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("hashmatch scan: --threads must be at least 1: 0");
        assertThat(Files.exists(tmp.resolve("r"))).isFalse();
    }

    @Test
    void usageErrorsWriteNothing() throws Exception {
        Cli.Result inside = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--out",
                evidence.resolve("rep").toString(),
                evidence.toString());
        assertThat(inside.exitCode()).isEqualTo(1);
        assertThat(inside.err()).contains("must not be inside the scanned path");
        assertThat(Files.exists(evidence.resolve("rep"))).isFalse();

        Cli.Result noList = Cli.run("scan", "--out", tmp.resolve("r").toString(), evidence.toString());
        assertThat(noList.exitCode()).isEqualTo(1);
        assertThat(noList.err()).contains("Missing required option: '--list=FILE'");

        Cli.Result badThumbs = Cli.run(
                "scan",
                "--list",
                snapshot.toString(),
                "--thumbnails",
                "sharp",
                "--out",
                tmp.resolve("r").toString(),
                evidence.toString());
        assertThat(badThumbs.exitCode()).isEqualTo(1);
        assertThat(badThumbs.err()).contains("--thumbnails must be none or blurred: sharp");

        Cli.Result noManifest = Cli.run("scan", "verify", tmp.toString());
        assertThat(noManifest.exitCode()).isEqualTo(1);
        assertThat(noManifest.err()).contains("no manifest.sha256 in " + tmp);
        assertThat(Files.exists(tmp.resolve("r"))).isFalse();
        try (Stream<Path> s = Files.walk(evidence)) {
            assertThat(s.map(p -> evidence.relativize(p).toString()).sorted().toList())
                    .isEqualTo(List.of("", "sub", "sub/grad.png", "sub/pics.zip", "sub/text.bin"));
        }
    }
}
