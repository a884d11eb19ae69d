package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.cli.output.CsvRecordWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hashmatch video hash|match} in-process with the real engine, on the vPDQ vectors bundled with the
 * engine's tests ({@code engine/src/test/resources/vpdq}: videos and the reference's hash files).
 */
class VideoCommandsTest {
    private static final String V1 = "v1_testsrc2_320x240_25fps_10s";
    private static final String V1_HALF = "v1_testsrc2_320x240_25fps_10s__half";
    private static final String V5 = "v5_cellauto_320x240_25fps_8s";

    @TempDir
    Path tmp;

    static Path vectors() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path d = dir.resolve("engine/src/test/resources/vpdq");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new AssertionError(
                "engine/src/test/resources/vpdq not found above " + Path.of("").toAbsolutePath());
    }

    static Path video(String stem) {
        return vectors().resolve("videos").resolve(stem + ".mp4");
    }

    static Path reference(String sampling, String stem) {
        return vectors().resolve("hashes_" + sampling).resolve(stem + ".txt");
    }

    @Test
    void hashWritesTheReferenceFileToStdout() throws IOException {
        Cli.Result r = Cli.run("video", "hash", video(V1).toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(reference("r1", V1)));
        Cli.Result half = Cli.run(
                "video", "hash", "--seconds-per-hash", "0.5", video(V1_HALF).toString());
        assertThat(half.out()).isEqualTo(Files.readString(reference("r0.5", V1_HALF)));
    }

    @Test
    void hashWritesOneFilePerVideoAndReportsBrokenOnes() throws IOException {
        Path broken = Files.write(
                tmp.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'});
        Path outDir = tmp.resolve("out");
        Cli.Result r = Cli.run(
                "video",
                "hash",
                "-r",
                "1",
                "--output-dir",
                outDir.toString(),
                video(V1).toString(),
                broken.toString(),
                video(V5).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo(broken + ": corrupt_data: FFmpeg could not start decoding: "
                        + r.err().substring(r.err().indexOf("decoding: ") + 10));
        assertThat(r.err().lines()).hasSize(1);
        assertThat(Files.readString(outDir.resolve(V1 + ".vpdq"))).isEqualTo(Files.readString(reference("r1", V1)));
        assertThat(Files.readString(outDir.resolve(V5 + ".vpdq"))).isEqualTo(Files.readString(reference("r1", V5)));
        assertThat(outDir.resolve("broken.vpdq")).doesNotExist();
    }

    /** {@code hashmatch hash} recognises a video by its bytes and adds its vPDQ lines to the JSON record. */
    @Test
    void plainHashCommandHashesVideos() throws IOException {
        Path renamed = Files.copy(video(V5), tmp.resolve("clip.bin"));
        Cli.Result r = Cli.run("hash", "--threads", "1", renamed.toString());
        assertThat(r.exitCode()).isZero();
        String lines = String.join("\",\"", Files.readAllLines(reference("r1", V5)));
        assertThat(r.lines()).hasSize(1);
        assertThat(r.lines().get(0))
                .contains("\"format\":\"mp4\",\"width\":320,\"height\":240,\"fps\":25.0,"
                        + "\"frames\":200,\"vpdq\":[\"" + lines + "\"]}")
                .doesNotContain("\"error\"")
                .contains("\"md5\":\"");
        Path broken = Files.write(tmp.resolve("cut.mp4"), java.util.Arrays.copyOf(Files.readAllBytes(video(V5)), 5000));
        Cli.Result bad = Cli.run("hash", broken.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.lines().get(0)).contains("\"format\":\"mp4\"").contains("\"error\":{\"code\":\"corrupt_data\"");
    }

    /** The CSV output carries the same video fields as JSON Lines: size, frame rate, frames and the vPDQ lines. */
    @Test
    void hashCsvCarriesTheVpdqLikeJsonLines() throws IOException {
        Path renamed = Files.copy(video(V5), tmp.resolve("clip.bin"));
        Cli.Result r = Cli.run("hash", "--threads", "1", "--format", "csv", renamed.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).isEqualTo(CsvRecordWriter.HEADER);
        String referenceLines = String.join(" ", Files.readAllLines(reference("r1", V5)));
        assertThat(r.lines().get(1))
                .startsWith(renamed + ",101303,")
                .endsWith(",,,320,240,mp4,,,25.0,200,\"" + referenceLines + "\"");
        // spaces back to newlines: the file 'video hash' writes
        String field = r.lines()
                .get(1)
                .substring(r.lines().get(1).indexOf(",\"") + 2, r.lines().get(1).length() - 1);
        assertThat(field.replace(' ', '\n') + "\n").isEqualTo(Files.readString(reference("r1", V5)));
    }

    @Test
    void hashUsageErrors() {
        assertThat(Cli.run("video", "hash", video(V1).toString(), video(V5).toString())
                        .exitCode())
                .isEqualTo(1);
        assertThat(Cli.run("video", "hash", "-r", "-1", video(V1).toString()).err())
                .contains("seconds per hash");
        assertThat(Cli.run("video", "hash", tmp.resolve("nope.mp4").toString()).exitCode())
                .isEqualTo(1);
    }

    /** matches.tsv rows r1 v1__half vs v1 (100.00 / 100.00) and r0 v1 vs v5 (0.00 / 0.00), reference output. */
    @Test
    void matchPrintsTheReferenceLines() {
        Cli.Result r = Cli.run(
                "video",
                "match",
                "--reference-output",
                reference("r1", V1_HALF).toString(),
                reference("r1", V1).toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("100.00 Percentage Query Video match\n100.00 Percentage Target Video match\n");
        Cli.Result r0 = Cli.run(
                "video",
                "match",
                "--reference-output",
                reference("r0", V1_HALF).toString(),
                reference("r0", V1).toString());
        assertThat(r0.out()).isEqualTo("98.00 Percentage Query Video match\n98.80 Percentage Target Video match\n");
        Cli.Result none = Cli.run(
                "video",
                "match",
                "--reference-output",
                reference("r0", V1).toString(),
                reference("r0", V5).toString());
        assertThat(none.out()).isEqualTo("0.00 Percentage Query Video match\n0.00 Percentage Target Video match\n");
    }

    /** The thresholds under their short and long names: -d 0 (no distance is below 0) turns the hit into a miss. */
    @Test
    void matchThresholdsByEveryName() {
        String query = reference("r1", V1_HALF).toString();
        String known = reference("r1", V1).toString();
        String hit = query + "\t" + known + "\t100.00\t100.00\thit";
        String miss = query + "\t" + known + "\t0.00\t0.00\tmiss";
        assertThat(Cli.run("video", "match", "-d", "0", query, known).lines().get(1))
                .isEqualTo(miss);
        assertThat(Cli.run("video", "match", "--distance", "0", query, known)
                        .lines()
                        .get(1))
                .isEqualTo(miss);
        assertThat(Cli.run(
                                "video",
                                "match",
                                "-q",
                                "50",
                                "--query-percent",
                                "100",
                                "--compared-percent",
                                "100",
                                query,
                                known)
                        .lines()
                        .get(1))
                .isEqualTo(hit);
        Cli.Result bad = Cli.run("video", "match", "--quality", "102", query, known);
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("invalid video option: quality threshold must be 0..101: 102");
    }

    /** A video as query (hashed on the fly) against reference files: hit for its copy, miss for the other. */
    @Test
    void matchAVideoAgainstSeveralKnown() {
        Cli.Result r = Cli.run(
                "video",
                "match",
                video(V1_HALF).toString(),
                reference("r1", V1).toString(),
                reference("r1", V5).toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "query\tcompared\tquery_matched_pct\tcompared_matched_pct\tresult",
                        video(V1_HALF) + "\t" + reference("r1", V1) + "\t100.00\t100.00\thit",
                        video(V1_HALF) + "\t" + reference("r1", V5) + "\t0.00\t0.00\tmiss");
    }

    /** vPDQ files imported with {@code list import} are matched through the snapshot's stored frame index. */
    @Test
    void matchAgainstAnImportedList() throws IOException {
        Path snap = tmp.resolve("videos.hmsnap");
        Cli.Result imported = Cli.run(
                "list",
                "import",
                "--name",
                "videos",
                "--version",
                "1",
                reference("r1", V1).toString(),
                reference("r1", V5).toString(),
                "--out",
                snap.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.lines()).contains("videos: 2 (vPDQ)");
        Cli.Result r = Cli.run(
                "video",
                "match",
                "--list",
                snap.toString(),
                reference("r1", V1_HALF).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "query\tcompared\tquery_matched_pct\tcompared_matched_pct\tresult",
                        reference("r1", V1_HALF) + "\t" + snap + "#0\t100.00\t100.00\thit");
        assertThat(Cli.run("video", "match", reference("r1", V1_HALF).toString())
                        .exitCode())
                .isEqualTo(1);
    }

    /** A vPDQ file given as --list is imported for the run, as serve --list imports it. */
    @Test
    void matchTakesAListFileAsList() {
        Path list = reference("r1", V1);
        Cli.Result r = Cli.run(
                "video",
                "match",
                "--list",
                list.toString(),
                reference("r1", V1_HALF).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "query\tcompared\tquery_matched_pct\tcompared_matched_pct\tresult",
                        reference("r1", V1_HALF) + "\t" + list + "#0\t100.00\t100.00\thit");
    }

    @Test
    void matchReportsABrokenHashFile() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.txt"), "0,100,abc,0.000\n");
        Cli.Result r =
                Cli.run("video", "match", bad.toString(), reference("r1", V1).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith(bad + ":1: expected frameIndex,quality,hash(64 hex),timestamp(decimal)");
        assertThat(r.out()).isEmpty();
    }
}
