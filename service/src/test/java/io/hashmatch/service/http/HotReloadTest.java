package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * Hot reload under load: four clients keep matching while list {@code reload} is replaced 20 times, 10 times by
 * replacing its file on disk (atomic rename, noticed by the watcher) and 10 times through {@code PUT /v1/lists/reload}.
 * Version {@code k} holds exactly the hashes {@code hash(k, 0..ENTRIES-1)}; every query batch asks for
 * {@code hash(k, 0)} and {@code hash(k, ENTRIES-1)} of every version. Not one request may fail, and every answer must
 * come from one complete version: both hashes of exactly one version hit, nothing else. Afterwards, every replaced
 * version is closed: only the current snapshot is left in the work directory and none is mapped any more.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotReloadTest implements TestPropertyProvider {
    static final int VERSIONS = 21; // the first and 20 replacements
    static final int ENTRIES = 50;
    static final Pattern MATCHED_QUERY =
            Pattern.compile("\\{\"query\":\"([0-9a-f]{32})\",\"kind\":\"md5\",\"hits\":\\[\\{");

    final Path dir;
    final Path listFile;
    final Path workDir;

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    HotReloadTest() throws IOException {
        dir = Files.createTempDirectory("hashmatch-reload-test");
        listFile = dir.resolve("lists").resolve("reload.txt");
        workDir = dir.resolve("work");
        Files.createDirectories(listFile.getParent());
        Files.writeString(listFile, version(0));
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "hashmatch.lists",
                "reload=" + listFile,
                "hashmatch.work-dir",
                workDir.toString(),
                "hashmatch.watch",
                "true");
    }

    /** Entry {@code j} of version {@code k}: an MD5 in hex. */
    static String hash(int k, int j) {
        return String.format(Locale.ROOT, "%016x%016x", 0xabc0000L + k, 0xdef0000L + j);
    }

    /** The list file of version {@code k}: a hex list of its hashes. */
    static String version(int k) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < ENTRIES; j++) {
            b.append(hash(k, j)).append('\n');
        }
        return b.toString();
    }

    @Test
    void clientsKeepMatchingWhileTheListIsReplacedTwentyTimes() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        Http http = new Http(server.getURL());
        List<String> queries = new ArrayList<>();
        Map<String, Integer> versionOf = new HashMap<>();
        for (int k = 0; k < VERSIONS; k++) {
            for (int j : new int[] {0, ENTRIES - 1}) {
                queries.add(hash(k, j));
                versionOf.put(hash(k, j), k);
            }
        }
        String batch =
                "{\"hashes\":[" + queries.stream().map(q -> "\"" + q + "\"").collect(Collectors.joining(",")) + "]}";

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answers = new AtomicLong();
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Thread t = new Thread(() -> {
                while (running.get() && failures.size() < 10) {
                    Http.Answer a = http.postJson("/v1/match/hashes", batch);
                    if (a.status() != 200) {
                        failures.add("status " + a.status() + ": " + a.body());
                        continue;
                    }
                    Set<Integer> hitVersions = new TreeSet<>();
                    List<String> matched = new ArrayList<>();
                    Matcher m = MATCHED_QUERY.matcher(a.body());
                    while (m.find()) {
                        matched.add(m.group(1));
                        hitVersions.add(versionOf.get(m.group(1)));
                    }
                    if (hitVersions.size() != 1 || matched.size() != 2) {
                        failures.add("not one complete version: versions " + hitVersions + ", matched " + matched);
                    } else {
                        versionsSeen.add(hitVersions.iterator().next());
                    }
                    answers.incrementAndGet();
                }
            });
            t.start();
            clients.add(t);
        }
        try {
            for (int k = 1; k < VERSIONS; k++) {
                if (k <= 10) {
                    Path next = listFile.resolveSibling("reload.txt.tmp");
                    Files.writeString(next, version(k));
                    Files.move(next, listFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Http.Answer put = http.put(
                            "/v1/lists/reload?kind=md5&version=v" + k,
                            "text/plain",
                            version(k).getBytes(StandardCharsets.UTF_8));
                    assertThat(put.status()).as(put.body()).isEqualTo(200);
                }
                awaitServed(k);
                long before = answers.get();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (answers.get() < before + 4 && System.nanoTime() < deadline) {
                    Thread.sleep(5); // let the clients match on this version too
                }
            }
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(versionsSeen).as("versions answered from").hasSizeGreaterThanOrEqualTo(VERSIONS / 2);
        assertThat(answers.get()).isGreaterThanOrEqualTo(4 * (VERSIONS - 1));

        // every replaced version was closed: one snapshot and its metadata left, nothing else mapped from the work dir
        try (ListLease lease = registry.acquire()) {
            ListInfo served = lease.list("reload");
            assertThat(served).isNotNull();
            assertThat(served.version()).isEqualTo("v" + (VERSIONS - 1));
        }
        try (var files = Files.list(workDir)) {
            List<String> left = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".hmsnap") || f.endsWith(".meta"))
                    .sorted()
                    .toList();
            assertThat(left).hasSize(2);
            assertThat(left.get(0)).endsWith(".hmsnap");
            assertThat(left.get(1)).startsWith(left.get(0) + ".").endsWith(".meta");
        }
        List<String> mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> l.contains(workDir.toString()))
                .map(l -> l.substring(l.indexOf('/')))
                .distinct()
                .toList();
        assertThat(mapped)
                .allMatch(p -> p.endsWith(".hmsnap") && !p.contains("(deleted)"))
                .hasSize(1);
    }

    /** Waits until version {@code k} is served (its first hash is in the list). */
    private void awaitServed(int k) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (ListLease lease = registry.acquire()) {
                if (!lease.isEmpty()
                        && lease.matcher()
                                .match(io.hashmatch.match.Query.md5(hash(k, 0)))
                                .matched()) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("version " + k + " was not served within 60 s");
    }

    @AfterAll
    void deleteFiles() {
        deleteTree(dir);
    }

    static void deleteTree(Path p) {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
