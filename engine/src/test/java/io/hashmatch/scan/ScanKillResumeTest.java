package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.report.Custody;
import io.hashmatch.report.ScanReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a scanning process (a forked JVM, SIGKILL) in the middle of the generated tree, resumes the scan in this
 * JVM, and checks that the records and every report that does not state times are byte-identical to an
 * uninterrupted scan's, the vPDQ of the tree's videos and their {@code vpdq/} files included.
 */
class ScanKillResumeTest {
    @TempDir
    Path tmp;

    /**
     * The child: scans with one thread, printing "journaled N" after each file; after file {@code args[2]} it waits on
     * the journal thread to be killed, so that nothing more is journaled.
     */
    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        Path root = Path.of(args[1]);
        long stopAfter = Long.parseLong(args[2]);
        long[] n = {0};
        try (HashListSnapshot s = HashListSnapshot.open(ScanTree.SNAPSHOT)) {
            Scanner.newBuilder()
                    .hasher(ScanTree.hasher())
                    .matcher(ScanTree.matcher(s), "demo")
                    .journal(journal)
                    .threads(1)
                    .resume(true)
                    .onFile(records -> {
                        System.out.println("journaled " + ++n[0]);
                        System.out.flush();
                        if (n[0] == stopAfter) {
                            try {
                                new CountDownLatch(1).await(); // until the SIGKILL
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    })
                    .build()
                    .run(List.of(root));
        }
    }

    @Test
    void killedMidwayThenResumedEqualsAnUninterruptedScan() throws Exception {
        Path ev = ScanTree.build(tmp, false);
        Path killedOut = Files.createDirectories(tmp.resolve("killed"));
        Path fullOut = Files.createDirectories(tmp.resolve("full"));

        List<String> cmd = ChildJvm.command(
                ScanKillResumeTest.class, killedOut.resolve("journal.jsonl").toString(), ev.toString(), "5");
        try (ChildJvm child = ChildJvm.start(tmp, cmd)) {
            child.awaitLine("journaled 5");
            child.kill(); // SIGKILL: no shutdown hook, no flush
        }
        long journaledLines =
                Files.readAllLines(killedOut.resolve("journal.jsonl")).size();
        // header + 5 files: the child's journal thread waits for the kill after the fifth of its 22 files
        assertThat(journaledLines).isEqualTo(6L);

        try (HashListSnapshot s = HashListSnapshot.open(ScanTree.SNAPSHOT)) {
            ScanResult resumed = Scanner.newBuilder()
                    .hasher(ScanTree.hasher())
                    .matcher(ScanTree.matcher(s), "demo")
                    .journal(killedOut.resolve("journal.jsonl"))
                    .threads(2)
                    .resume(true)
                    .build()
                    .run(List.of(ev));
            ScanResult full = Scanner.newBuilder()
                    .hasher(ScanTree.hasher())
                    .matcher(ScanTree.matcher(s), "demo")
                    .journal(fullOut.resolve("journal.jsonl"))
                    .threads(2)
                    .build()
                    .run(List.of(ev));
            assertThat(resumed.resumedFiles()).isEqualTo(journaledLines - 1);
            assertThat(resumed.runs()).hasSize(2);
            assertThat(resumed.records()).isEqualTo(full.records());

            Custody custody = new Custody(
                    "hashmatch test",
                    List.of("scan"),
                    "examiner",
                    "case 1",
                    List.of(ev.toString()),
                    List.of(Instant.EPOCH),
                    Instant.EPOCH,
                    List.of());
            ScanReport.write(killedOut, resumed, custody, 10, 50);
            ScanReport.write(fullOut, full, custody, 10, 50);
            for (String report :
                    List.of("files.jsonl", "files.csv", "hits.csv", "hits.vics.json", "custody.json", "report.html")) {
                assertThat(Files.readAllBytes(killedOut.resolve(report)))
                        .as(report)
                        .isEqualTo(Files.readAllBytes(fullOut.resolve(report)));
            }
            // the tree's videos (hashed before and after the kill): the same vPDQ files, byte for byte
            List<String> vpdq;
            try (var files = Files.list(fullOut.resolve("vpdq"))) {
                vpdq = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
            assertThat(vpdq).hasSize(3);
            for (String name : vpdq) {
                assertThat(Files.readAllBytes(killedOut.resolve("vpdq").resolve(name)))
                        .as(name)
                        .isEqualTo(Files.readAllBytes(fullOut.resolve("vpdq").resolve(name)));
            }
            assertThat(full.records().stream().filter(f -> f.video() != null).count())
                    .isEqualTo(4);
        }
    }
}
