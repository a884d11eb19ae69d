package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Stops a {@code hashmatch scan} running in a forked JVM with a signal that runs the shutdown hooks, as Ctrl-C
 * does (SIGTERM here: {@link Process#destroy()}; SIGINT takes the same path in the JVM), then resumes it: the
 * journal is whole and the resumed scan reports every file.
 */
class ScanInterruptTest {
    @TempDir
    Path tmp;

    /** The child: the CLI as the launcher runs it. */
    public static void main(String[] args) {
        System.exit(
                HashmatchCommand.newCommandLine(CommandLine.defaultFactory()).execute(args));
    }

    @Test
    void aSignalStopsTheScanCleanlyAndResumeFinishesIt() throws Exception {
        Path snapshot = tmp.resolve("demo.hmsnap");
        importOk(
                "--name",
                "demo",
                "--version",
                "1",
                DemoListFiles.file("te-dataset.csv").toString(),
                "--out",
                snapshot.toString());
        Path evidence = Files.createDirectories(tmp.resolve("evidence"));
        byte[] photo = Files.readAllBytes(ScanCommandTest.image("photolike_09_1200x800.jpg"));
        int files = 150;
        for (int i = 0; i < files; i++) {
            byte[] copy = photo.clone();
            copy[15] = (byte) i; // JFIF X density: distinct bytes, same picture
            Files.write(evidence.resolve(String.format("p%03d.jpg", i)), copy);
        }
        Path out = tmp.resolve("out");
        List<String> args = List.of(
                "scan",
                "--list",
                snapshot.toString(),
                "--out",
                out.toString(),
                "--threads",
                "1",
                "--quiet",
                evidence.toString());
        Path journal = out.resolve("journal.jsonl");
        try (ChildJvm child = ChildJvm.start(tmp, ChildJvm.command(List.of(), ScanInterruptTest.class, args))) {
            child.await("6 journal lines", () -> lines(journal) >= 6);
            child.process().destroy(); // SIGTERM: shutdown hooks run, as on Ctrl-C
            assertThat(child.awaitExit()).as(child::transcript).isEqualTo(128 + 15);
            assertThat(child.stderr())
                    .as(child::transcript)
                    .contains("scan: interrupted; the journal is consistent: run the same command with --resume");
        }
        byte[] written = Files.readAllBytes(journal);
        assertThat(written[written.length - 1]).isEqualTo((byte) '\n'); // no torn line
        long journaled = lines(journal) - 1;
        assertThat(journaled).isBetween(5L, files - 1L);
        assertThat(Files.exists(out.resolve("files.jsonl"))).isFalse(); // no reports from a stopped scan

        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        Cli.Result r = Cli.run(resume.toArray(String[]::new));
        assertThat(r.exitCode())
                .as(() -> r.err() + errors(out.resolve("files.jsonl")))
                .isZero();
        assertThat(Files.readAllLines(out.resolve("files.jsonl"), StandardCharsets.UTF_8))
                .hasSize(files);
        assertThat(Files.readString(out.resolve("custody.json"))).contains("\"runs\" : [");
        assertThat(Cli.run("scan", "verify", out.toString()).exitCode()).isZero();
    }

    private static String errors(Path files) {
        try {
            return String.join(
                    "\n",
                    Files.readAllLines(files).stream()
                            .filter(l -> l.contains("\"error\""))
                            .limit(3)
                            .toList());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static long lines(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(file);
        long n = 0;
        for (byte x : b) {
            n += x == '\n' ? 1 : 0;
        }
        return n;
    }
}
