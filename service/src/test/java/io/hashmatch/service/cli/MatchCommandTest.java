package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.CHECKER_PDQ;
import static io.hashmatch.service.cli.DemoListFiles.NOISE_MD5;
import static io.hashmatch.service.cli.DemoListFiles.TEXT_PDQ;
import static io.hashmatch.service.cli.DemoListFiles.TEXT_SHA256;
import static io.hashmatch.service.cli.DemoListFiles.file;
import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hashmatch match} in-process with the real engine on snapshots of the demo lists. Their metadata files
 * are deleted before any test: matching must never need them (opening Chronicle Map costs seconds).
 */
class MatchCommandTest {
    @TempDir
    static Path tmp;

    /** te-dataset.csv, vics-2.0-hashset.json, te-signals.txt, md5.txt as list "demo". */
    static Path demo;
    /** sha256.txt as list "sha". */
    static Path sha;
    /** md5.txt as list "fp" (used as a suppression list). */
    static Path fp;

    private static final String TEXT_HIT =
            "{\"list\":\"demo\",\"entry\":1,\"distance\":%d,\"kind\":\"pdq\",\"category\":\"POSITIVE_CLASS\",\"source\":\"hashmatch demo\"}";

    @BeforeAll
    static void snapshots() throws IOException {
        demo = tmp.resolve("demo.hmsnap");
        importOk(
                "--name",
                "demo",
                "--version",
                "1",
                file("te-dataset.csv").toString(),
                file("vics-2.0-hashset.json").toString(),
                file("te-signals.txt").toString(),
                file("md5.txt").toString(),
                "--out",
                demo.toString());
        sha = tmp.resolve("sha.hmsnap");
        importOk("--kind", "sha256", "--name", "sha", file("sha256.txt").toString(), "--out", sha.toString());
        fp = tmp.resolve("fp.hmsnap");
        importOk("--name", "fp", file("md5.txt").toString(), "--out", fp.toString());
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path meta : files.filter(f -> f.toString().endsWith(".meta")).toList()) {
                Files.delete(meta);
            }
        }
    }

    @Test
    void verifyReadsEveryByteFirstWhereAPlainMatchChecksTheStructure() throws IOException {
        byte[] bytes = Files.readAllBytes(demo);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        assertThat(bytes[headerLength - 1])
                .as("last byte of the header's padding")
                .isZero();
        // outside every section and the header's own checksum: only the footer's checksum of every byte covers it
        bytes[headerLength - 1] = 1;
        Path damaged = tmp.resolve("damaged.hmsnap");
        Files.write(damaged, bytes);

        Cli.Result plain = Cli.run("match", "--list", damaged.toString(), TEXT_PDQ);
        assertThat(plain.err()).isEmpty();
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains(String.format(TEXT_HIT, 0));

        Cli.Result verified = Cli.run("match", "--verify", "--list", damaged.toString(), TEXT_PDQ);
        assertThat(verified.exitCode()).isEqualTo(2);
        assertThat(verified.out()).isEmpty();
        assertThat(verified.err()).contains(damaged.toString()).contains("checksum mismatch");
    }

    /** {@code hex} with one bit flipped in each of the first {@code k} hex digits: distance k. */
    static String flip(String hex, int k) {
        char[] c = hex.toCharArray();
        for (int i = 0; i < k; i++) {
            c[i] = Character.forDigit(Character.digit(c[i], 16) ^ 1, 16);
        }
        return new String(c);
    }

    @Test
    void hashesGivenAsArgumentsGetOneRecordEachInOrder() {
        String near = flip(TEXT_PDQ, 7);
        String far = "0".repeat(64);
        String missMd5 = "0".repeat(32);
        Cli.Result r = Cli.run(
                "match",
                "--list",
                demo.toString(),
                "--list",
                sha.toString(),
                TEXT_PDQ,
                near,
                NOISE_MD5,
                "SHA256:" + TEXT_SHA256,
                far,
                missMd5);
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines())
                .containsExactly(
                        "{\"query\":\"" + TEXT_PDQ + "\",\"kind\":\"pdq\",\"hits\":[" + TEXT_HIT.formatted(0)
                                + "],\"matched\":true}",
                        "{\"query\":\"" + near + "\",\"kind\":\"pdq\",\"hits\":[" + TEXT_HIT.formatted(7)
                                + "],\"matched\":true}",
                        "{\"query\":\"" + NOISE_MD5 + "\",\"kind\":\"md5\",\"hits\":["
                                + "{\"list\":\"demo\",\"entry\":10,\"distance\":0,\"kind\":\"md5\",\"source\":\"te-signals.txt\"},"
                                + "{\"list\":\"demo\",\"entry\":11,\"distance\":0,\"kind\":\"md5\",\"source\":\"md5.txt\"}],\"matched\":true}",
                        "{\"query\":\"SHA256:" + TEXT_SHA256 + "\",\"kind\":\"sha256\",\"hits\":["
                                + "{\"list\":\"sha\",\"entry\":1,\"distance\":0,\"kind\":\"sha256\",\"source\":\"sha256.txt\"}],\"matched\":true}",
                        "{\"query\":\"" + far + "\",\"kind\":\"pdq\",\"hits\":[],\"matched\":false}",
                        "{\"query\":\"" + missMd5 + "\",\"kind\":\"md5\",\"hits\":[],\"matched\":false}");
        for (String line : r.lines()) {
            Json.object(line);
        }
    }

    @Test
    void aQualityAfterTheHashAppliesTheMinimumQuality() {
        // PDQ quality 49 is under the default minimum of 50: answered lowQuality, not searched; 50 is searched.
        Cli.Result low = Cli.run("match", "--list", demo.toString(), TEXT_PDQ + "@49");
        assertThat(low.exitCode()).isZero();
        assertThat(low.out())
                .isEqualTo("{\"query\":\"" + TEXT_PDQ + "@49\",\"kind\":\"pdq\",\"hits\":[],"
                        + "\"matched\":false,\"lowQuality\":true}\n");
        Cli.Result ok = Cli.run("match", "--list", demo.toString(), TEXT_PDQ + "@50");
        assertThat(ok.out()).contains(TEXT_HIT.formatted(0)).doesNotContain("lowQuality");
        Cli.Result lowered = Cli.run("match", "--list", demo.toString(), "--min-quality", "40", TEXT_PDQ + "@49");
        assertThat(lowered.out()).contains(TEXT_HIT.formatted(0)).doesNotContain("lowQuality");
    }

    @Test
    void aNegativeClassEntrySuppressesTheQuery() {
        Cli.Result r = Cli.run("match", "--list", demo.toString(), CHECKER_PDQ);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        "{\"query\":\"" + CHECKER_PDQ + "\",\"kind\":\"pdq\",\"hits\":["
                                + "{\"list\":\"demo\",\"entry\":3,\"distance\":0,\"kind\":\"pdq\",\"category\":\"NEGATIVE_CLASS\","
                                + "\"source\":\"hashmatch demo\",\"suppressing\":true}],\"matched\":false,\"suppressed\":true}\n");
    }

    @Test
    void aSuppressionListCancelsTheOtherHits() {
        // lists in the engine's order: --list ones first, then --suppression ones
        Cli.Result r = Cli.run("match", "--list", demo.toString(), "--suppression", fp.toString(), NOISE_MD5);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .isEqualTo("{\"query\":\"" + NOISE_MD5 + "\",\"kind\":\"md5\",\"hits\":["
                        + "{\"list\":\"demo\",\"entry\":10,\"distance\":0,\"kind\":\"md5\",\"source\":\"te-signals.txt\",\"suppressed\":true},"
                        + "{\"list\":\"demo\",\"entry\":11,\"distance\":0,\"kind\":\"md5\",\"source\":\"md5.txt\",\"suppressed\":true},"
                        + "{\"list\":\"fp\",\"entry\":0,\"distance\":0,\"kind\":\"md5\",\"source\":\"md5.txt\",\"suppressing\":true}],"
                        + "\"matched\":false,\"suppressed\":true}\n");
    }

    @Test
    void standardInputSkipsBlankLinesAndCommentsAndReportsBadLinesInPlace() {
        String stdin = "# queries\n\n  " + TEXT_PDQ + "  \r\nnot-a-hash\n\t\n" + NOISE_MD5.toUpperCase() + "\n12345\n";
        Cli.Result r = Cli.runWithStdin(stdin, "match", "--list", demo.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEmpty();
        assertThat(r.lines()).hasSize(4);
        assertThat(r.lines().get(0))
                .isEqualTo("{\"query\":\"" + TEXT_PDQ + "\",\"kind\":\"pdq\",\"hits\":[" + TEXT_HIT.formatted(0)
                        + "],\"matched\":true}");
        assertThat(r.lines().get(1))
                .isEqualTo(
                        "{\"query\":\"not-a-hash\",\"error\":{\"code\":\"invalid_hash\","
                                + "\"message\":\"not a hash: 10 characters (32 hex = MD5, 40 = SHA-1, 64 = PDQ, sha256:<64 hex> = SHA-256)\"}}");
        assertThat(r.lines().get(2))
                .startsWith("{\"query\":\"" + NOISE_MD5.toUpperCase() + "\",\"kind\":\"md5\",\"hits\":[{")
                .endsWith("],\"matched\":true}");
        assertThat(r.lines().get(3)).startsWith("{\"query\":\"12345\",\"error\":{\"code\":\"invalid_hash\"");
    }

    @Test
    void manyStdinQueriesCrossBlockBoundariesInInputOrder() {
        int n = MatchCommand.BLOCK * 2 + 17;
        StringBuilder in = new StringBuilder();
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String q = i % 3 == 0 ? flip(TEXT_PDQ, i % 40) : String.format("%032x", i);
            queries.add(q);
            in.append(q).append('\n');
        }
        Cli.Result r = Cli.runWithStdin(in.toString(), "match", "--list", demo.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines()).hasSize(n);
        for (int i = 0; i < n; i++) {
            String line = r.lines().get(i);
            assertThat(line).startsWith("{\"query\":\"" + queries.get(i) + "\"");
            boolean hit = i % 3 == 0 && i % 40 <= 31;
            assertThat(line)
                    .as("query %d", i)
                    .isEqualTo(
                            hit
                                    ? "{\"query\":\"" + queries.get(i) + "\",\"kind\":\"pdq\",\"hits\":["
                                            + TEXT_HIT.formatted(i % 40) + "],\"matched\":true}"
                                    : "{\"query\":\"" + queries.get(i) + "\",\"kind\":\"" + (i % 3 == 0 ? "pdq" : "md5")
                                            + "\",\"hits\":[],\"matched\":false}");
        }
    }

    @Test
    void maxDistanceIsTheLargestDistanceReported() {
        String five = flip(TEXT_PDQ, 5);
        String hit = "{\"query\":\"" + five + "\",\"kind\":\"pdq\",\"hits\":[" + TEXT_HIT.formatted(5)
                + "],\"matched\":true}\n";
        String miss = "{\"query\":\"" + five + "\",\"kind\":\"pdq\",\"hits\":[],\"matched\":false}\n";
        assertThat(Cli.run("match", "--list", demo.toString(), "--max-distance", "5", five)
                        .out())
                .isEqualTo(hit);
        assertThat(Cli.run("match", "--list", demo.toString(), "--max-distance", "4", five)
                        .out())
                .isEqualTo(miss);
        assertThat(Cli.run("match", "--list", demo.toString(), "--list-max-distance", "demo=4", five)
                        .out())
                .isEqualTo(miss);
        assertThat(Cli.run(
                                "match",
                                "--list",
                                demo.toString(),
                                "--max-distance",
                                "0",
                                "--list-max-distance",
                                "demo=5",
                                five)
                        .out())
                .isEqualTo(hit);
        // the default is 31
        String at31 = flip(TEXT_PDQ, 31);
        String at32 = flip(TEXT_PDQ, 32);
        Cli.Result r = Cli.run("match", "--list", demo.toString(), at31, at32);
        assertThat(r.lines().get(0)).contains(TEXT_HIT.formatted(31));
        assertThat(r.lines().get(1)).contains("\"hits\":[]");
    }

    @Test
    void everyStrategyGivesTheSameRecords() {
        StringBuilder in = new StringBuilder();
        for (String pdq : List.of(
                TEXT_PDQ,
                CHECKER_PDQ,
                "91cb68f497680f9b6689897676297b1ca996576a88b1a899556688899dd47776",
                "5559f555048bf77f0409efffacebe755555bf7750008e20004cbc5540409e757")) {
            for (int k = 0; k <= 64; k += 4) {
                in.append(flip(pdq, k)).append('\n');
            }
        }
        in.append(NOISE_MD5).append('\n');
        String expected = null;
        for (String strategy : List.of("auto", "bktree", "mih", "brute")) {
            Cli.Result r = Cli.runWithStdin(
                    in.toString(), "match", "--list", demo.toString(), "--max-distance", "48", "--strategy", strategy);
            assertThat(r.exitCode()).as(strategy).isZero();
            assertThat(r.lines()).as(strategy).hasSize(4 * 17 + 1);
            if (expected == null) {
                expected = r.out();
                assertThat(expected).contains(TEXT_HIT.formatted(48)).contains("\"distance\":44,");
            } else {
                assertThat(r.out()).as(strategy).isEqualTo(expected);
            }
        }
    }

    @Test
    void aDamagedSnapshotIsBadInput() throws IOException {
        byte[] bytes = Files.readAllBytes(demo);
        bytes[bytes.length / 3] ^= 0x01;
        Path damaged = Files.write(tmp.resolve("damaged.hmsnap"), bytes);
        Cli.Result r = Cli.run("match", "--verify", "--list", damaged.toString(), TEXT_PDQ);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("hashmatch match: " + damaged + ": checksum mismatch: ")
                .doesNotContain("\tat ");
    }

    @Test
    void usageErrorsExitOne() {
        String list = demo.toString();
        assertUsage(Cli.run("match", TEXT_PDQ), "Missing required option: '--list=FILE'");
        assertUsage(
                Cli.run("match", "--list", tmp.resolve("none.hmsnap").toString(), TEXT_PDQ),
                "no such file: " + tmp.resolve("none.hmsnap"));
        assertUsage(
                Cli.run("match", "--list", list, "--max-distance", "257", TEXT_PDQ),
                "--max-distance must be 0..256: 257");
        assertUsage(
                Cli.run("match", "--list", list, "--min-quality", "101", TEXT_PDQ),
                "--min-quality must be 0..100: 101");
        assertUsage(
                Cli.run("match", "--list", list, "--list-max-distance", "other=3", TEXT_PDQ),
                "--list-max-distance: no list named 'other' (lists: demo)");
        assertUsage(
                Cli.run("match", "--list", list, "--list-max-distance", "demo=-1", TEXT_PDQ),
                "--list-max-distance demo must be 0..256: -1");
        assertUsage(
                Cli.run("match", "--list", list, "--strategy", "kd", TEXT_PDQ),
                "unknown strategy 'kd' (auto, bktree, mih, brute)");
        assertUsage(
                Cli.run("match", "--list", list, "--list", list, TEXT_PDQ),
                "two lists named 'demo': list names must be unique");
    }

    @Test
    void helpDocumentsOptionsAndExitCodes() {
        Cli.Result r = Cli.run("match", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith("Usage: hashmatch match")
                .contains(
                        "--list=FILE",
                        "--suppression=FILE",
                        "--max-distance=N",
                        "--list-max-distance=NAME=N",
                        "--min-quality=Q",
                        "--strategy=STRATEGY",
                        "[HASH...]",
                        "Exit Codes:",
                        "every query was answered",
                        "usage error",
                        "some queries are not hashes");
    }

    private static void assertUsage(Cli.Result r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(message).doesNotContain("\tat ");
        // a command line that does not parse: the synopsis and "Try"; a wrong file or value: that one line
        List<String> lines = r.err().lines().toList();
        if (lines.size() > 1) {
            assertThat(lines.getLast()).isEqualTo("Try 'hashmatch match --help' for more information.");
        }
    }
}
