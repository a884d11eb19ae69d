package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.Closing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Exchanges#close()}: once it returns, no scheduled sync runs, and it waits without holding the monitor. */
class ExchangesCloseTest {
    private static final String SYNC_THREAD = "hashmatch-exchange-sync";

    @TempDir
    Path dir;

    /**
     * The scheduled sync is held in its first reading of the clock (when it starts); once let go it calls a
     * synchronized method of the exchanges, as a first sync does (it loads the exchanges created through the API), and
     * ends. A close that waited holding the monitor would make it wait for the close.
     */
    @Test
    void closeWaitsForTheRunningScheduledSync() throws Exception {
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicBoolean closedDuringSync = new AtomicBoolean();
        CountDownLatch recorded = new CountDownLatch(1);
        Exchanges[] exchanges = new Exchanges[1];
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                if (Thread.currentThread().getName().equals(SYNC_THREAD) && syncing.getCount() > 0) {
                    syncing.countDown();
                    Closing.awaitUninterruptibly(release);
                    exchanges[0].startSchedules(); // synchronized; starts nothing once closed
                    closedDuringSync.set(closeReturned.get());
                    recorded.countDown();
                }
                return Instant.EPOCH;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        try (SyncFixture fx = new SyncFixture(dir.resolve("work"), Instant.EPOCH)) {
            fx.env.put("NCMEC_TEST", "user:secret");
            ExchangeConfiguration c = new ExchangeConfiguration(
                    "ncmec",
                    "ncmec",
                    "http://127.0.0.1:9/", // nothing answers: the sync fails once let go, as it may
                    "NCMEC_TEST",
                    null,
                    Duration.ofHours(1), // the first sync at once, the next long after the test
                    "NCMEC",
                    null,
                    null,
                    null,
                    SyncFixture.ANSWER_TIMEOUT,
                    0,
                    Duration.ofMillis(5));
            Exchanges e = new Exchanges(List.of(c), fx.registry, fx.env::get, dir.resolve("home"), clock);
            exchanges[0] = e;
            e.startSchedules();
            syncing.await();

            Thread closer = Thread.ofPlatform().start(() -> {
                e.close();
                closeReturned.set(true);
            });
            Closing.awaitWaitingOrEnded(closer);
            release.countDown();
            closer.join();
            recorded.await();

            assertThat(closedDuringSync.get())
                    .as("close() had returned while the sync still ran")
                    .isFalse();
            assertThat(e.status("ncmec").running()).isFalse();
            assertThat(e.status("ncmec").lastEnd()).isEqualTo(Instant.EPOCH);
        }
    }
}
