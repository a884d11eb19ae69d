package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Stops a {@code hashmatch scan} running in a forked JVM with a signal that runs the shutdown hooks, as Ctrl-C
 * does (SIGTERM here: {@link Process#destroy()}; SIGINT takes the same path in the JVM), while it holds before a
 * known file of its walk, then resumes it: the journal is whole, holds the files before that one, each once, and the
 * resumed scan's reports equal an uninterrupted scan's.
 */
class ScanInterruptTest {
    /**
     * System property of the child ({@link #main}, not of the application): the number of files its scan's walk
     * hands over before it holds.
     */
    static final String HOLD = "hashmatch.test.holdBeforeFile";

    private static final int FILES = 24;
    private static final int HOLD_AT = 5;

    @TempDir
    Path tmp;

    /**
     * The child: the CLI as the launcher runs it. With {@value #HOLD} set to N, its scan's walk hands over files 0 to
     * N - 1, prints "holding" before file N and waits there until the scan is cancelled (a cancel interrupts the
     * walk): a signal then stops it mid-scan whatever the machine's speed.
     */
    public static void main(String[] args) {
        String hold = System.getProperty(HOLD);
        CommandLine.IFactory factory = hold == null ? CommandLine.defaultFactory() : holding(Integer.parseInt(hold));
        System.exit(HashmatchCommand.newCommandLine(factory).execute(args));
    }

    /** picocli's factory, but for a {@code scan} that holds before file {@code n} of its walk. */
    private static CommandLine.IFactory holding(int n) {
        AtomicInteger handed = new AtomicInteger();
        Consumer<String> hold = file -> {
            if (handed.getAndIncrement() == n) {
                System.out.println("holding");
                System.out.flush();
                try {
                    new CountDownLatch(1).await(); // until the cancel
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the walk then stops
                }
            }
        };
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ScanCommand.class
                        ? type.cast(new ScanCommand(b -> b.beforeScanning(hold)))
                        : CommandLine.defaultFactory().create(type);
            }
        };
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
        for (int i = 0; i < FILES; i++) {
            byte[] copy = photo.clone();
            copy[15] = (byte) i; // JFIF X density: distinct bytes, same picture
            Files.write(evidence.resolve(String.format("p%03d.jpg", i)), copy);
        }
        Path out = tmp.resolve("out");
        List<String> args = scan(snapshot, out, evidence);
        Path journal = out.resolve("journal.jsonl");
        List<String> cmd = ChildJvm.command(List.of("-D" + HOLD + "=" + HOLD_AT), ScanInterruptTest.class, args);
        try (ChildJvm child = ChildJvm.start(tmp, cmd)) {
            child.awaitLine("holding");
            // the files handed over before reach the journal; then nothing more happens until the signal
            child.await(HOLD_AT + " files journaled", () -> lines(journal) >= 1 + HOLD_AT);
            child.process().destroy(); // SIGTERM: shutdown hooks run, as on Ctrl-C
            assertThat(child.awaitExit()).as(child::transcript).isEqualTo(128 + 15);
            assertThat(child.stderr())
                    .as(child::transcript)
                    .contains("scan: interrupted; the journal is consistent: run the same command with --resume");
        }
        byte[] written = Files.readAllBytes(journal);
        assertThat(written[written.length - 1]).isEqualTo((byte) '\n'); // no torn line
        assertThat(seqs(journal))
                .as("stopped mid-scan: the files before the one it held at")
                .isEqualTo(range(HOLD_AT));
        assertThat(Files.exists(out.resolve("files.jsonl"))).isFalse(); // no reports from a stopped scan

        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        Cli.Result r = Cli.run(resume.toArray(String[]::new));
        assertThat(r.exitCode())
                .as(() -> r.err() + errors(out.resolve("files.jsonl")))
                .isZero();
        assertThat(seqs(journal)).as("each file journaled once").isEqualTo(range(FILES));
        assertThat(Files.readString(out.resolve("custody.json"))).contains("\"runs\" : [");
        assertThat(Cli.run("scan", "verify", out.toString()).exitCode()).isZero();

        Path full = tmp.resolve("full");
        Cli.Result f = Cli.run(scan(snapshot, full, evidence).toArray(String[]::new));
        assertThat(f.exitCode()).as(f::err).isZero();
        assertThat(Files.readAllLines(full.resolve("files.jsonl"), StandardCharsets.UTF_8))
                .hasSize(FILES);
        for (String report : List.of("files.jsonl", "files.csv", "hits.csv")) {
            assertThat(Files.readString(out.resolve(report)))
                    .as(report + " of the resumed scan and of an uninterrupted one")
                    .isEqualTo(Files.readString(full.resolve(report)));
        }
    }

    private static List<String> scan(Path snapshot, Path out, Path evidence) {
        return List.of(
                "scan",
                "--list",
                snapshot.toString(),
                "--out",
                out.toString(),
                "--threads",
                "1",
                "--quiet",
                evidence.toString());
    }

    /** The {@code seq} of each file line of the journal, sorted (a file journaled twice shows twice). */
    private static List<Long> seqs(Path journal) throws java.io.IOException {
        return Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("{\"seq\":"))
                .map(l -> Long.parseLong(l.substring("{\"seq\":".length(), l.indexOf(','))))
                .sorted()
                .toList();
    }

    private static List<Long> range(long n) {
        return LongStream.range(0, n).boxed().toList();
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
