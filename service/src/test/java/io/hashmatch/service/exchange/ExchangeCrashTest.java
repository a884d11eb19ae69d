package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.service.HashmatchApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync killed with SIGKILL in the middle (a forked {@code hashmatch exchange sync}), then resumed: the list holds
 * exactly what a direct import of the exchange's data holds, no entry lost or doubled.
 */
class ExchangeCrashTest {
    private static final long SEED = 1919L;
    /**
     * How long a child JVM may take to do what it is waited for: only bounds a hang. A JVM that starts, compiles and
     * syncs on a machine shared by many builds can take a minute or more for what takes seconds alone.
     */
    private static final Duration HANG_GUARD = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @Test
    void aSyncKilledMidwayResumesWithoutLosingOrDoublingEntries() throws Exception {
        Random random = new Random(SEED);
        long now = Instant.now().getEpochSecond();
        try (FakeNcmec ncmec = new FakeNcmec()) {
            ncmec.pageSize = 1000;
            for (int i = 0; i < 12_000; i++) {
                boolean image = random.nextInt(4) != 0;
                ncmec.events.add(new FakeNcmec.Event(
                        42,
                        "e" + i,
                        now - 100_000 + i,
                        image ? SyncFixture.randomPdq(random) : null,
                        SyncFixture.randomMd5(random),
                        false));
            }
            // deletions and updates late in the stream, so that the kill falls among them
            for (int i = 0; i < 500; i++) {
                FakeNcmec.Event old = ncmec.events.get(i * 7);
                ncmec.events.add(new FakeNcmec.Event(42, old.id(), now - 50_000 + i, null, null, true));
            }
            Path work = dir.resolve("work");
            Path config = dir.resolve("hashmatch.yml");
            Files.writeString(
                    config,
                    "hashmatch:\n"
                            + "  work-dir: " + work + "\n"
                            + "  exchanges:\n"
                            + "    ncmec:\n"
                            + "      type: ncmec\n"
                            + "      endpoint: " + ncmec.endpoint() + "\n"
                            + "      credentials-env: NCMEC_TEST\n"
                            + "      list: NCMEC\n"
                            + "      retries: 0\n");

            // after the first commit (5000 entries: 5 pages) and before the end (13 pages): the fake answers that
            // many pages, then holds the next request, and the child is killed while it waits for that answer
            int pages = 7 + random.nextInt(3);
            ncmec.holdEntriesAfter(pages);
            Child first = Child.fork(config);
            long deadline = System.nanoTime() + HANG_GUARD.toNanos();
            while (!ncmec.entryLimitReached.await(50, TimeUnit.MILLISECONDS)
                    && first.process.isAlive()
                    && System.nanoTime() < deadline) {
                // waiting for the child to start and page through
            }
            boolean reached = ncmec.entryLimitReached.getCount() == 0;
            boolean exited = !first.process.isAlive();
            first.process.destroyForcibly(); // SIGKILL
            String firstOut = first.output();
            assertThat(reached)
                    .as(
                            "the child asked for page %d (seed %d); it %s; its output:%n%s",
                            pages + 1,
                            SEED,
                            exited
                                    ? "exited with " + first.process.exitValue()
                                    : "still ran after " + HANG_GUARD.toSeconds() + " s",
                            firstOut)
                    .isTrue();
            assertThat(ncmec.entryRequests.get())
                    .as("pages served before the kill (seed %d)", SEED)
                    .isEqualTo(pages);
            ncmec.releaseAnswers();

            Child second = Child.fork(config);
            assertThat(second.process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                    .as("resumed sync ended within %d s (seed %d)", HANG_GUARD.toSeconds(), SEED)
                    .isTrue();
            assertThat(second.process.exitValue()).as(second.output()).isZero();

            Map<String, EntryKey> live = ncmec.live();
            try (SyncFixture fx = new SyncFixture(work, Instant.now())) {
                Map<EntryKey, Integer> synced = fx.counts("NCMEC");
                assertThat(synced).as("seed %d", SEED).isEqualTo(directImport(live.values()));
                assertThat(synced.values().stream().mapToInt(Integer::intValue).sum())
                        .isEqualTo(12_000 - 500);
            }
        }
    }

    /** The entries of a snapshot written directly from {@code keys}. */
    private Map<EntryKey, Integer> directImport(Iterable<EntryKey> keys) throws Exception {
        SnapshotWriter w = SnapshotWriter.create("direct", "1");
        for (EntryKey k : keys) {
            int e = w.addEntry();
            if (k.pdq() != null) {
                w.addPdq(e, k.pdq());
            }
            if (k.md5() != null) {
                w.addMd5(e, k.md5());
            }
        }
        Path file = dir.resolve("direct.hmsnap");
        w.write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            return LiveListIndex.build(s, null).counts(null);
        }
    }

    /**
     * A forked {@code hashmatch exchange sync ncmec}, its output (stdout and stderr) read as it comes so that a full
     * pipe never stops it.
     */
    private record Child(Process process, CompletableFuture<String> out) {
        static Child fork(Path config) throws Exception {
            List<String> cmd = ChildJvm.command(
                    HashmatchApplication.class, "exchange", "sync", "ncmec", "--config", config.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("NCMEC_TEST", "user:secret");
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output not read: " + e + ")";
                }
            });
            return new Child(p, out);
        }

        /** What the child wrote, once it has ended. */
        String output() throws Exception {
            assertThat(process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                    .as("child ended")
                    .isTrue();
            return out.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
