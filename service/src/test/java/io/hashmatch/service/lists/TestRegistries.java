package io.hashmatch.service.lists;

import io.hashmatch.list.ListDelta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Registries for tests of other packages, without an application context. */
public final class TestRegistries {
    private TestRegistries() {}

    /** A registry of {@code specs} on {@code workDir}, not watching, with no settle time. */
    public static ListRegistry create(List<String> specs, Path workDir) {
        return new ListRegistry(new ListsConfiguration(specs, workDir.toString(), false, 50, false, Duration.ZERO));
    }

    /** Waits until {@code list}'s changes are folded into a snapshot (no delta left), at most two minutes. */
    public static void awaitCompacted(ListRegistry registry, String list) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (ListLease lease = registry.acquire()) {
                ListDelta.View changes = lease.changes(list);
                if (changes == null || changes.isEmpty()) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("list " + list + " was not compacted within 2 minutes");
    }
}
