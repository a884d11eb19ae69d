package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.Closing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher's {@code close()}: once it returns, no reload runs. */
class ListFileWatcherTest {
    @TempDir
    Path dir;

    @Test
    void closeWaitsForTheReloadInProgress() throws Exception {
        Path file = dir.resolve("list.hmsnap");
        CountDownLatch reloading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicBoolean closedDuringReload = new AtomicBoolean();
        CountDownLatch reloaded = new CountDownLatch(1);
        ListFileWatcher watcher = ListFileWatcher.start(List.of(new ListSource.SnapshotFile(file)), source -> {
            reloading.countDown();
            Closing.awaitUninterruptibly(release);
            closedDuringReload.set(closeReturned.get());
            reloaded.countDown();
        });
        Files.writeString(file, "a new version");
        reloading.await();

        Thread closer = Thread.ofPlatform().start(() -> {
            watcher.close();
            closeReturned.set(true);
        });
        Closing.awaitWaitingOrEnded(closer);
        release.countDown();
        closer.join();
        reloaded.await();

        assertThat(closedDuringReload.get())
                .as("close() had returned while the reload still ran")
                .isFalse();
    }
}
