package io.hashmatch.service.exchange;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import io.hashmatch.service.MovableClock;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.TestRegistries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A registry on a work directory, exchanges over it, and what a list holds, for the sync tests. */
final class SyncFixture implements AutoCloseable {

    final Path workDir;
    final ListRegistry registry;
    final MovableClock clock;
    final Map<String, String> env = new HashMap<>();

    SyncFixture(Path workDir, Instant now) throws InterruptedException {
        this.workDir = workDir;
        this.registry = TestRegistries.create(List.of(), workDir);
        registry.start();
        registry.awaitInitialLoad();
        this.clock = new MovableClock(now);
    }

    /**
     * How long a sync test's client waits for one answer of a fake. The fakes answer at once: this only bounds a fake
     * that hangs, and is long so that a loaded machine (a JIT compile, a GC pause, many builds sharing the cores) never
     * turns a slow answer into a failed sync. A test of timeouts holds the fake's answers instead ({@link
     * FakeNcmec#holdAnswers}) and sets its own timeout.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** Exchange {@code name} of {@code type} at {@code endpoint}: timeout {@link #ANSWER_TIMEOUT}, 3 retries. */
    static ExchangeConfiguration config(String name, String type, String endpoint, String envVar, String list) {
        return config(name, type, endpoint, envVar, list, ANSWER_TIMEOUT);
    }

    /** As {@link #config(String, String, String, String, String)}, each request timing out after {@code timeout}. */
    static ExchangeConfiguration config(
            String name, String type, String endpoint, String envVar, String list, Duration timeout) {
        return new ExchangeConfiguration(
                name,
                type,
                endpoint,
                envVar,
                "/nonexistent/credentials",
                null,
                list,
                null,
                null,
                1234567890L,
                timeout,
                3,
                Duration.ofMillis(5));
    }

    Exchanges exchanges(ExchangeConfiguration... configs) {
        return new Exchanges(List.of(configs), registry, env::get, workDir.resolve("home"), clock);
    }

    /** Live entries of {@code list} by key. */
    Map<EntryKey, Integer> counts(String list) throws Exception {
        try (ListLease lease = registry.acquire()) {
            HashListSnapshot s = lease.snapshots(List.of(list)).get(list);
            ListDelta.View v = lease.changes(list);
            return LiveListIndex.build(s, v).counts(v);
        }
    }

    static Map<EntryKey, Integer> multiset(Iterable<EntryKey> keys) {
        Map<EntryKey, Integer> m = new HashMap<>();
        for (EntryKey k : keys) {
            m.merge(k, 1, Integer::sum);
        }
        return m;
    }

    static String randomPdq(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            b.append(String.format("%016x", r.nextLong()));
        }
        return b.toString();
    }

    static String randomMd5(Random r) {
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

    @Override
    public void close() {
        registry.close();
    }
}
