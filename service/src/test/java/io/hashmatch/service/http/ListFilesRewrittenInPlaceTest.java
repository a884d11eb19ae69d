package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three ways a served list's file was changed in place under the service, with four clients matching all along:
 * the served snapshot truncated, then overwritten by {@code cp} (truncate, then write in chunks), and a text list
 * rewritten in place slowly, its last line left without a newline for longer than the settle time. Not one request
 * may fail, and every answer must come from complete versions: for each list, both probe hashes of exactly one
 * version hit. A watcher thread checks that no partial list is ever served.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListFilesRewrittenInPlaceTest implements TestPropertyProvider {
    static final int ENTRIES = 200;
    static final Pattern MATCHED_QUERY =
            Pattern.compile("\\{\"query\":\"([0-9a-f]{32})\",\"kind\":\"md5\",\"hits\":\\[\\{");

    final Path dir;
    final Path snapshot;
    final Path text;

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    ListFilesRewrittenInPlaceTest() throws Exception {
        dir = Files.createTempDirectory("hashmatch-inplace-test");
        snapshot = dir.resolve("lists").resolve("snap.hmsnap");
        text = dir.resolve("lists").resolve("text.txt");
        Files.createDirectories(snapshot.getParent());
        Files.write(snapshot, snapshotBytes(0));
        Files.writeString(text, listText('t', 0));
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "hashmatch.lists",
                snapshot + ",text=" + text,
                "hashmatch.work-dir",
                dir.resolve("work").toString(),
                "hashmatch.watch",
                "true");
    }

    /** Entry {@code j} of version {@code v} of list {@code list} ('s' or 't'): an MD5 in hex. */
    static String hash(char list, int v, int j) {
        return String.format(Locale.ROOT, "%016x%016x", (list == 's' ? 0x5000L : 0x7000L) + v, 0xd000L + j);
    }

    static String listText(char list, int v) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < ENTRIES; j++) {
            b.append(hash(list, v, j)).append('\n');
        }
        return b.toString();
    }

    /** Snapshot "snap" of version {@code v}, written by the importer. */
    byte[] snapshotBytes(int v) throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("scratch-" + v));
        Path txt = Files.writeString(scratch.resolve("snap.txt"), listText('s', v));
        Path out = scratch.resolve("snap.hmsnap");
        ListImporter.importLists(List.of(ListImport.Source.of(txt)), "snap", "v" + v, out);
        return Files.readAllBytes(out);
    }

    @Test
    void truncatedCopiedOverAndSlowlyWrittenListsNeverFailARequestNorServeAPartialList() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        assertThat(registry.names()).containsExactly("snap", "text");
        String text0 = served("text").checksum();
        Http http = new Http(server.getURL());
        Map<String, String> probes = new HashMap<>(); // hash -> "s0", "t1", ...
        for (char list : new char[] {'s', 't'}) {
            for (int v = 0; v < 3; v++) {
                probes.put(hash(list, v, 0), "" + list + v);
                probes.put(hash(list, v, ENTRIES - 1), "" + list + v);
            }
        }
        String batch = "{\"hashes\":["
                + probes.keySet().stream().map(q -> "\"" + q + "\"").collect(Collectors.joining(",")) + "]}";

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answers = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            threads.add(new Thread(() -> {
                while (running.get() && failures.size() < 10) {
                    Http.Answer a = http.postJson("/v1/match/hashes", batch);
                    if (a.status() != 200) {
                        failures.add("status " + a.status() + ": " + a.body());
                        continue;
                    }
                    Map<Character, List<String>> byList = new HashMap<>();
                    Matcher m = MATCHED_QUERY.matcher(a.body());
                    while (m.find()) {
                        String version = probes.get(m.group(1));
                        byList.computeIfAbsent(version.charAt(0), k -> new ArrayList<>())
                                .add(version);
                    }
                    for (char list : new char[] {'s', 't'}) {
                        List<String> hits = byList.getOrDefault(list, List.of());
                        if (hits.size() != 2 || !hits.get(0).equals(hits.get(1))) {
                            failures.add("list " + list + " not one complete version: " + hits);
                        } else {
                            seen.add(hits.get(0));
                        }
                    }
                    answers.incrementAndGet();
                }
            }));
        }
        threads.add(new Thread(() -> {
            while (running.get()) {
                try (ListLease lease = registry.acquire()) {
                    for (ListInfo l : lease.lists()) {
                        if (l.entries() != ENTRIES) {
                            failures.add("partial list served: " + l);
                        }
                    }
                }
                Thread.onSpinWait();
            }
        }));
        threads.forEach(Thread::start);
        try {
            // 1. the served snapshot truncated to half its length
            long size = Files.size(snapshot);
            try (FileChannel ch = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
                ch.truncate(size / 2);
            }
            awaitAnswers(answers, Duration.ofSeconds(1));
            assertThat(served("snap").version()).isEqualTo("v0");

            // 2. cp over it: truncate, then the new snapshot written in four chunks
            writeInPlace(snapshot, snapshotBytes(1), 4, 40);
            awaitServed("snap", "v1");

            // 3. a text list written in place slowly, its last line held without a newline past the settle time
            byte[] next = listText('t', 1).getBytes(StandardCharsets.US_ASCII);
            byte[] allButNewline = java.util.Arrays.copyOf(next, next.length - 1);
            writeInPlace(text, allButNewline, 20, 30);
            awaitAnswers(answers, Duration.ofMillis(500)); // 5 settle times: an incomplete line waits 10: version 0
            assertThat(served("text").checksum()).isEqualTo(text0);
            try (FileChannel ch = FileChannel.open(text, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
            awaitServed("text", null);
            awaitAnswers(answers, Duration.ofMillis(300));
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(seen).contains("s0", "s1", "t0", "t1");
        assertThat(registry.failures()).isEmpty();
    }

    /** Truncates {@code file} and writes {@code bytes} into it in {@code chunks} pieces, {@code pauseMillis} apart. */
    private static void writeInPlace(Path file, byte[] bytes, int chunks, long pauseMillis) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            int step = (bytes.length + chunks - 1) / chunks;
            for (int at = 0; at < bytes.length; at += step) {
                ch.write(ByteBuffer.wrap(bytes, at, Math.min(step, bytes.length - at)));
                Thread.sleep(pauseMillis);
            }
        }
    }

    private ListInfo served(String name) {
        try (ListLease lease = registry.acquire()) {
            ListInfo l = lease.list(name);
            assertThat(l).as(name).isNotNull();
            return l;
        }
    }

    /** Waits until list {@code name} is served at version {@code version} (null: any other checksum than now). */
    private void awaitServed(String name, @org.jspecify.annotations.Nullable String version)
            throws InterruptedException {
        String before = served(name).checksum();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ListInfo l = served(name);
            if (version != null ? l.version().equals(version) : !l.checksum().equals(before)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " was not reloaded within 60 s");
    }

    private static void awaitAnswers(AtomicLong answers, Duration atLeast) throws InterruptedException {
        long before = answers.get();
        Thread.sleep(atLeast.toMillis());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answers.get() < before + 8 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @AfterAll
    void deleteFiles() {
        HotReloadTest.deleteTree(dir);
    }
}
