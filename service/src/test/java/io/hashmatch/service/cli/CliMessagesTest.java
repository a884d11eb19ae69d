package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.file;
import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands say when something is wrong: the fix named in the message, one line where the synopsis would
 * not help, the typo named; list files where a snapshot was expected; one numbering of entries.
 */
class CliMessagesTest {
    @TempDir
    Path tmp;

    private static final String MD5_0 = "e0f41eaab102fe97c5a4deed64630418"; // entry 0 of md5.txt
    private static final String MD5_1 = "ddbce49131b80a991bf3b42bdc8795f8"; // entry 1

    @Test
    void aHexListOf64DigitHashesNamesTheKindOption() {
        Cli.Result r = Cli.run(
                "list",
                "import",
                "--name",
                "p",
                "-o",
                tmp.resolve("p.hmsnap").toString(),
                file("pdq.txt").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hashmatch list import: " + file("pdq.txt") + ":2:1: 64 hex digits is SHA-256 or PDQ:"
                        + " state the kind of the list (hash kind option); use --kind pdq or --kind sha256\n");
    }

    @Test
    void aDuplicateNamesTheKeepFirstPolicy() throws Exception {
        Path dup = Files.writeString(tmp.resolve("dup.txt"), MD5_0 + "\n" + MD5_0 + "\n");
        Cli.Result r = Cli.run(
                "list", "import", "--name", "d", "-o", tmp.resolve("d.hmsnap").toString(), dup.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("hashmatch list import: " + dup + ":2: duplicate MD5 " + MD5_0
                        + ": first on line 1; remove one, or use --duplicates keep-first\n");
    }

    @Test
    void theSameFileTwiceIsRefusedEvenThroughAnotherName() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("again.txt"), file("md5.txt"));
        Path out = tmp.resolve("x.hmsnap");
        Cli.Result r = Cli.run(
                "list",
                "import",
                "--name",
                "x",
                "-o",
                out.toString(),
                file("md5.txt").toString(),
                link.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("hashmatch list import: the same file is given twice (" + file("md5.txt") + ", " + link
                        + "): its entries would be imported twice\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMistypedRequiredOptionIsNamed() {
        Cli.Result r = Cli.run(
                "list",
                "import",
                "--nme",
                "x",
                "-o",
                tmp.resolve("x.hmsnap").toString(),
                file("md5.txt").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        List<String> err = r.err().lines().toList();
        assertThat(err.get(0)).isEqualTo("hashmatch list import: Unknown option: '--nme'");
        assertThat(err).contains("hashmatch list import: Missing required option: '--name=NAME'");
        assertThat(err.getLast()).isEqualTo("Try 'hashmatch list import --help' for more information.");
    }

    @Test
    void aUsageErrorThatIsNotAboutSyntaxIsOneLine() {
        Path missing = tmp.resolve("missing.hmsnap");
        Cli.Result r = Cli.run("match", "--list", missing.toString(), MD5_0);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("hashmatch match: no such file: " + missing + "\n");
        Cli.Result range = Cli.run("match", "--list", file("md5.txt").toString(), "--max-distance", "300", MD5_0);
        assertThat(range.err()).isEqualTo("hashmatch match: --max-distance must be 0..256: 300\n");
    }

    @Test
    void matchTakesAListFileAsServeDoesAndNumbersEntriesAsExportDoes() throws Exception {
        Cli.Result r = Cli.run("match", "--list", file("md5.txt").toString(), MD5_1);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo("{\"query\":\"" + MD5_1 + "\",\"kind\":\"md5\",\"hits\":[{\"list\":\"md5\",\"entry\":1,"
                        + "\"distance\":0,\"kind\":\"md5\",\"source\":\"md5.txt\"}],\"matched\":true}\n");

        Path snap = tmp.resolve("m.hmsnap");
        importOk("--name", "md5", file("md5.txt").toString(), "-o", snap.toString());
        Cli.Result viaSnapshot = Cli.run("match", "--list", snap.toString(), MD5_1);
        assertThat(viaSnapshot.out()).isEqualTo(r.out());
        Cli.Result export = Cli.run("list", "export", "--format", "csv", snap.toString());
        assertThat(export.lines())
                .containsExactly(
                        "signal_type,signal_str,collab,category,tags,external_id,date_added,entry",
                        "md5," + MD5_0 + ",md5.txt,,,,,0",
                        "md5," + MD5_1 + ",md5.txt,,,,,1");
        try (var temporaries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temporaries.filter(p -> p.getFileName().toString().startsWith("hashmatch-lists-")))
                    .as("the temporary snapshots are deleted")
                    .isEmpty();
        }
    }

    @Test
    void aListFileThatNeedsAKindSaysToImportIt() {
        Cli.Result r = Cli.run("match", "--list", file("pdq.txt").toString(), MD5_0);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .endsWith("state the kind of the list (hash kind option); import it with hashmatch list import:"
                        + " use --kind pdq or --kind sha256\n");
    }

    @Test
    void scanTakesAListFileNamesResumeAndLeavesNoFolderWhenItFails() throws Exception {
        Path ev = Files.createDirectories(tmp.resolve("ev"));
        byte[] content = "not an image".getBytes(StandardCharsets.UTF_8);
        Files.write(ev.resolve("a.txt"), content);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        Path list = Files.writeString(tmp.resolve("known.txt"), md5 + "\n");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("scan", "--quiet", "--list", list.toString(), "--out", out.toString(), ev.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("hits.csv")).get(1)).startsWith(ev.resolve("a.txt") + ",,known,");

        Cli.Result again =
                Cli.run("scan", "--quiet", "--list", list.toString(), "--out", out.toString(), ev.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err())
                .isEqualTo("hashmatch scan: " + out.resolve("journal.jsonl") + " already holds a scan journal: run"
                        + " the same command with --resume to finish that scan, or give another --out folder\n");

        Path failed = tmp.resolve("failed");
        Cli.Result bad = Cli.run(
                "scan", "--quiet", "--list", file("pdq.txt").toString(), "--out", failed.toString(), ev.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(failed).as("a scan that failed leaves no empty folder").doesNotExist();
    }
}
