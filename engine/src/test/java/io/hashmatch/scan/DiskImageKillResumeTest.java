package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.ChildJvm;
import io.hashmatch.hash.FileHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process scanning a disk image (a forked JVM, SIGKILL) once it journaled a known number of the image's units
 * and waits before the next, resumes the scan in this JVM, and checks that the image is resumed inside, not from its
 * start: the records equal an uninterrupted scan's (none lost, none doubled) and no unit was done twice.
 */
class DiskImageKillResumeTest {
    private static final int FILES = 150;
    private static final int KILL_AFTER_UNITS = 15;
    private static final List<String> PICTURES = List.of(
            "syn_checker_256x256.png",
            "syn_grad_100x100.png",
            "syn_checker_320x240_q75prog.jpg",
            "syn_text_256x256.png",
            "syn_shapes_320x240.png");

    @TempDir
    Path tmp;

    /**
     * The child: scans {@code args[1]} into the journal {@code args[0]} with one thread; before unit {@code args[3]}
     * of the image {@code args[2]} (the units before it are done: one thread does them in order) it prints "holding"
     * and waits to be killed, so that it never ends by itself.
     */
    public static void main(String[] args) throws Exception {
        String holdAt = args[2] + "#" + args[3];
        builder(Path.of(args[0]), 1)
                .beforeScanning(work -> {
                    if (work.equals(holdAt)) {
                        System.out.println("holding");
                        System.out.flush();
                        try {
                            new CountDownLatch(1).await(); // until the SIGKILL
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build()
                .run(List.of(Path.of(args[1])));
    }

    static Scanner scanner(Path journal, int threads) {
        return builder(journal, threads).build();
    }

    private static Scanner.Builder builder(Path journal, int threads) {
        return Scanner.newBuilder()
                .hasher(FileHasher.newBuilder().build())
                .journal(journal)
                .threads(threads)
                .resume(true);
    }

    static long unitLines(Path journal) throws Exception {
        return Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("{\"image\":") && l.endsWith("}"))
                .count();
    }

    @Test
    void killedInsideAnImageThenResumedEqualsAnUninterruptedScan() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libtsk.so.19")), "libtsk19 is not installed");
        Path evidence = Files.createDirectories(tmp.resolve("evidence"));
        Path fs = FileSystemImages.extWithFiles(tmp, "card", FILES, 16 * FileSystemImages.MIB, PICTURES);
        Path disk = FileSystemImages.mbrDisk(fs, 0x83, evidence.resolve("card.raw"));
        Path killed = tmp.resolve("killed.jsonl");

        List<String> cmd = ChildJvm.command(
                DiskImageKillResumeTest.class,
                killed.toString(),
                evidence.toString(),
                disk.toString(),
                Integer.toString(KILL_AFTER_UNITS));
        try (ChildJvm child = ChildJvm.start(tmp, cmd)) {
            child.awaitLine("holding");
            // the units before it reach the journal on the journal's thread; then nothing more happens
            child.await(
                    KILL_AFTER_UNITS + " units of the image journaled", () -> unitLines(killed) >= KILL_AFTER_UNITS);
            child.kill(); // SIGKILL: no shutdown hook, no flush
        }

        Journal.Contents cut = Journal.read(killed);
        assertThat(cut.entries()).as("the image was not finished when killed").isEmpty();
        assertThat(cut.imageUnits().get(disk.toString()).keySet())
                .as("the units before the one it held at, each once")
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, KILL_AFTER_UNITS).boxed().toList());

        ScanResult resumed = scanner(killed, 2).run(List.of(evidence));
        Path fullJournal = tmp.resolve("full.jsonl");
        ScanResult full = scanner(fullJournal, 2).run(List.of(evidence));
        assertThat(resumed.runs()).hasSize(2);
        assertThat(resumed.records()).isEqualTo(full.records());
        assertThat(full.records().stream()
                        .filter(f -> f.entry() != null && f.entry().startsWith("p1/F")))
                .hasSize(FILES);
        // killed inside the image, not at its end: more units than it had done
        assertThat(unitLines(fullJournal)).isGreaterThan(KILL_AFTER_UNITS);
        // each unit journaled once: the resumed run did only the units the killed one had not
        assertThat(unitLines(killed)).isEqualTo(unitLines(fullJournal));
        assertThat(Journal.read(killed).imageUnits()).isEmpty();
    }
}
