package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a full sync of N NCMEC entries from the local fake takes (pages of 1000, HTTP on loopback, the list
 * changed live and compacted once the sync is over, the ledger forced to disk per commit). Run by
 * {@code bench/exchange-sync.sh} ({@code -Dhashmatch.bench.ncmec=N[,N...]}: one sync per N, in this order, in the same
 * JVM, each into a fresh work directory, with the load average printed beside each); skipped otherwise.
 */
@EnabledIfSystemProperty(named = "hashmatch.bench.ncmec", matches = "[0-9]+(,[0-9]+)*")
class NcmecSyncBenchmark {
    @TempDir
    Path dir;

    @Test
    void fullSync() throws Exception {
        for (String n : System.getProperty("hashmatch.bench.ncmec").split(",")) {
            fullSync(Integer.parseInt(n), Files.createDirectories(dir.resolve(n)));
        }
    }

    private static String loadAverage() throws java.io.IOException {
        Path proc = Path.of("/proc/loadavg");
        return Files.exists(proc) ? Files.readString(proc).strip() : "?";
    }

    private void fullSync(int n, Path work) throws Exception {
        System.out.printf("BENCH ncmec-sync entries=%d start load=%s%n", n, loadAverage());
        long t0 = 1_700_000_000L;
        Random random = new Random(7);
        try (FakeNcmec ncmec = new FakeNcmec();
                SyncFixture fx = new SyncFixture(work, Instant.ofEpochSecond(t0 + n + 100))) {
            // one addAll: the fake's list copies itself on every write
            java.util.List<FakeNcmec.Event> events = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean image = random.nextInt(4) != 0;
                events.add(new FakeNcmec.Event(
                        42 + (i % 3),
                        "e" + i,
                        t0 + i,
                        image ? SyncFixture.randomPdq(random) : null,
                        SyncFixture.randomMd5(random),
                        false));
            }
            ncmec.events.addAll(events);
            fx.env.put("NCMEC_TEST", "user:secret");
            Exchanges ex = fx.exchanges(SyncFixture.config("ncmec", "ncmec", ncmec.endpoint(), "NCMEC_TEST", "NCMEC"));
            long start = System.nanoTime();
            Exchanges.Report r = ex.sync("ncmec");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "BENCH ncmec-sync entries=%d pages=%d seconds=%.1f entries_per_second=%.0f load=%s%n",
                    n, r.pages(), seconds, n / seconds, loadAverage());
            assertThat(r.added()).isEqualTo(n);
            long t1 = System.nanoTime();
            fx.clock.now = fx.clock.now.plusSeconds(60);
            Exchanges.Report again = ex.sync("ncmec");
            System.out.printf("BENCH ncmec-sync-incremental-empty seconds=%.2f%n", (System.nanoTime() - t1) / 1e9);
            assertThat(again.added()).isZero();
            ex.close();
        }
    }
}
