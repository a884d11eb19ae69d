package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hashmatch scan --carve} on a raw file (seeded random bytes with a listed picture at an odd offset), run in a
 * forked JVM whose temporary folder is watched: the carved picture is in files.jsonl, files.csv, hits.csv and
 * report.html as {@code dump!/carved@0x…+len}, and no file is ever created in the temporary folder nor anywhere
 * but the report folder.
 */
class ScanCarveCommandTest {
    private static final long SEED = Long.getLong("hashmatch.seed", 20261207L);

    @TempDir
    Path tmp;

    @Test
    void aCarvedPictureIsReportedAndNothingIsWrittenElsewhere() throws Exception {
        Path snapshot = tmp.resolve("demo.hmsnap");
        importOk(
                "--name",
                "demo",
                "--version",
                "1",
                DemoListFiles.file("te-dataset.csv").toString(),
                "--out",
                snapshot.toString());
        byte[] shapes = Files.readAllBytes(ScanCommandTest.image("syn_shapes_320x240.png"));
        byte[] raw = new byte[1 << 20];
        new Random(SEED).nextBytes(raw);
        int at = 333_333;
        System.arraycopy(shapes, 0, raw, at, shapes.length);
        Path evidence = Files.createDirectories(tmp.resolve("evidence"));
        Path dump = evidence.resolve("dump.bin");
        Files.write(dump, raw);
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        Path out = tmp.resolve("out");

        List<String> cmd = ChildJvm.command(
                List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + scratch),
                ScanInterruptTest.class,
                List.of(
                        "scan",
                        "--carve",
                        "--list",
                        snapshot.toString(),
                        "--out",
                        out.toString(),
                        "--quiet",
                        dump.toString()));
        List<String> created = new ArrayList<>();
        int exit;
        String child;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            scratch.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            evidence.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            try (ChildJvm c = ChildJvm.start(tmp, cmd, Map.of("TMPDIR", scratch.toString()))) {
                exit = c.awaitExit();
                child = c.transcript();
            }
            WatchKey key;
            while ((key = watch.poll(200, TimeUnit.MILLISECONDS)) != null) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    created.add(key.watchable() + "/" + e.context());
                }
                key.reset();
            }
        }
        assertThat(exit).as(child).isZero();
        assertThat(created)
                .as("files created in the temporary folder or beside the evidence")
                .isEmpty();
        try (Stream<Path> s = Files.list(scratch)) {
            assertThat(s.toList()).isEmpty();
        }
        try (Stream<Path> s = Files.list(evidence)) {
            assertThat(s.toList()).containsExactly(dump);
        }

        String entry = String.format(Locale.ROOT, "carved@0x%x+%d", at, shapes.length);
        String files = Files.readString(out.resolve("files.jsonl"), StandardCharsets.UTF_8);
        assertThat(files.lines().filter(l -> l.contains(entry)).toList())
                .as("seed " + SEED + "\n" + files)
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("\"allocation\":\"carved\"")
                        .contains("\"offset\":" + at)
                        .contains("\"kind\":\"image\""));
        assertThat(files.lines().count()).as("seed " + SEED + "\n" + files).isEqualTo(2);
        assertThat(Files.readString(out.resolve("files.csv"))).contains(entry);
        assertThat(Files.readString(out.resolve("hits.csv"))).contains(entry);
        assertThat(Files.readString(out.resolve("report.html"))).contains(entry);
        assertThat(Cli.run("scan", "verify", out.toString()).exitCode()).isZero();
    }
}
