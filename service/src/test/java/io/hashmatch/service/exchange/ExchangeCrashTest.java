package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.service.HashmatchApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync killed with SIGKILL in the middle (a forked {@code hashmatch exchange sync}), then resumed: the list holds
 * exactly what a direct import of the exchange's data holds, no entry lost or doubled.
 */
class ExchangeCrashTest {
    private static final long SEED = 1919L;

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
            try (ChildJvm first = sync(config)) {
                first.await(
                        "a request for page " + (pages + 1) + " (seed " + SEED + ")",
                        () -> ncmec.entryLimitReached.getCount() == 0);
                first.kill(); // SIGKILL
                assertThat(ncmec.entryRequests.get())
                        .as(() -> "pages served before the kill (seed " + SEED + ")\n" + first.transcript())
                        .isEqualTo(pages);
            }
            ncmec.releaseAnswers();

            try (ChildJvm second = sync(config)) {
                assertThat(second.awaitExit()).as(second::transcript).isZero();
            }

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

    /** Starts {@code hashmatch exchange sync ncmec} in a child JVM. */
    private ChildJvm sync(Path config) throws IOException {
        return ChildJvm.start(
                dir,
                ChildJvm.command(
                        HashmatchApplication.class, "exchange", "sync", "ncmec", "--config", config.toString()),
                Map.of("NCMEC_TEST", "user:secret"));
    }
}
