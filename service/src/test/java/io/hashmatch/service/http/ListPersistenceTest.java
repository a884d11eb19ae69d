package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an admin does through the API survives a restart: each step runs a new application context on the same work
 * directory, as a restarted {@code serve} would. Replaced and deleted versions leave no file behind.
 */
class ListPersistenceTest {
    static final String A = "0123456789abcdef0123456789abcdef";
    static final String B = "fedcba9876543210fedcba9876543210";
    static final String C = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    /** Starts the service on the configured list {@code conf} and the shared work directory; waits for the load. */
    private ApplicationContext start() throws Exception {
        ApplicationContext ctx = ApplicationContext.run(
                Map.of(
                        "hashmatch.lists", List.of("conf=" + dir.resolve("conf.txt")),
                        "hashmatch.work-dir", dir.resolve("work").toString(),
                        "hashmatch.watch", false),
                "test");
        ctx.getBean(EmbeddedServer.class).start();
        ctx.getBean(ListRegistry.class).awaitInitialLoad();
        return ctx;
    }

    private static Http http(ApplicationContext ctx) {
        return new Http(ctx.getBean(EmbeddedServer.class).getURL());
    }

    private static boolean matches(Http http, String md5) {
        Http.Answer a = http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + md5 + "\"]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.body().contains("\"hits\":[{");
    }

    private List<String> workFiles() throws Exception {
        try (var files = Files.list(dir.resolve("work"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> !f.equals(".lock"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void putsAndDeletesSurviveRestartsAndReplacedFilesAreDeleted() throws Exception {
        Files.writeString(dir.resolve("conf.txt"), A + "\n");
        try (ApplicationContext ctx = start()) {
            Http http = http(ctx);
            assertThat(matches(http, A)).isTrue();
            assertThat(http.put("/v1/lists/up?version=v1", "text/plain", (B + "\n").getBytes(StandardCharsets.UTF_8))
                            .status())
                    .isEqualTo(200);
            assertThat(http.put("/v1/lists/up?version=v2", "text/plain", (C + "\n").getBytes(StandardCharsets.UTF_8))
                            .status())
                    .isEqualTo(200);
        }
        try (ApplicationContext ctx = start()) {
            Http http = http(ctx);
            assertThat(http.get("/v1/lists").body())
                    .contains("\"name\":\"conf\"")
                    .contains("\"name\":\"up\",\"version\":\"v2\"");
            assertThat(matches(http, C)).isTrue();
            assertThat(matches(http, B)).isFalse();
            // v1's snapshot was deleted when v2 replaced it; conf's copy is made again at each start; an upload
            // changes live, so its delta lies beside it
            List<String> files = workFiles();
            assertThat(files.stream().filter(f -> f.startsWith("up.")).toList())
                    .hasSize(3)
                    .allMatch(f -> f.endsWith(".hmsnap") || f.endsWith(".meta") || f.endsWith(".hmdelta"));
            assertThat(files).contains("served-lists.json");

            assertThat(http.delete("/v1/lists/conf").status()).isEqualTo(204);
            assertThat(http.delete("/v1/lists/up").status()).isEqualTo(204);
            assertThat(http.put("/v1/lists/up2", "text/plain", (B + "\n").getBytes(StandardCharsets.UTF_8))
                            .status())
                    .isEqualTo(200);
        }
        try (ApplicationContext ctx = start()) {
            Http http = http(ctx);
            // the deleted configured list stays deleted although its file is still configured
            assertThat(http.get("/v1/lists").body())
                    .doesNotContain("\"name\":\"conf\"")
                    .doesNotContain("\"name\":\"up\"")
                    .contains("\"name\":\"up2\"");
            assertThat(matches(http, A)).isFalse();
            assertThat(matches(http, B)).isTrue();
            assertThat(workFiles())
                    .hasSize(4) // the manifest, up2's snapshot, metadata and delta
                    .contains("served-lists.json")
                    .allMatch(f -> f.equals("served-lists.json") || f.startsWith("up2."));
            // putting the configured name again brings it back under the admin's control
            assertThat(http.put("/v1/lists/conf", "text/plain", (A + "\n").getBytes(StandardCharsets.UTF_8))
                            .status())
                    .isEqualTo(200);
        }
        try (ApplicationContext ctx = start()) {
            assertThat(matches(http(ctx), A)).isTrue();
            assertThat(ctx.getBean(ListRegistry.class).failures()).isEmpty();
        }
    }

    @Test
    void filesLeftByACrashAreDeletedAtStart() throws Exception {
        Files.writeString(dir.resolve("conf.txt"), A + "\n");
        Path work = Files.createDirectories(dir.resolve("work"));
        // what kill -9 leaves: an orphan snapshot and metadata, a torn manifest write, an import's input folder
        Files.writeString(work.resolve("old.3.hmsnap"), "orphan");
        Files.writeString(work.resolve("old.3.hmsnap.0123456789abcdef0123456789abcdef.meta"), "orphan");
        Files.writeString(work.resolve(".served-lists.json.99.tmp"), "{\"format\":\"hashm");
        Files.createDirectories(work.resolve("input-7/0"));
        Files.writeString(work.resolve("input-7/0/conf.txt"), A);
        Files.writeString(work.resolve("notes.txt"), "an operator's file is left alone");
        // a torn replacement in a folder under the work directory (an exchange's ledger)
        Path ledgers = Files.createDirectories(work.resolve("exchanges"));
        Files.writeString(ledgers.resolve(".te.ledger.4242.tmp"), "torn");
        Files.writeString(ledgers.resolve("notes.txt"), "left alone");
        try (ApplicationContext ctx = start()) {
            assertThat(matches(http(ctx), A)).isTrue();
            try (var files = Files.list(ledgers)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
            }
            assertThat(workFiles())
                    .contains("notes.txt")
                    .doesNotContain(
                            "old.3.hmsnap",
                            "old.3.hmsnap.0123456789abcdef0123456789abcdef.meta",
                            ".served-lists.json.99.tmp",
                            "input-7");
        }
    }

    @Test
    void aSecondServiceOnTheSameWorkDirectoryIsRefused() throws Exception {
        Files.writeString(dir.resolve("conf.txt"), A + "\n");
        try (ApplicationContext ctx = start()) {
            // a second process gets the same refusal (its lock attempt fails instead of overlapping)
            ListRegistry second = io.hashmatch.service.lists.TestRegistries.create(
                    List.of("conf=" + dir.resolve("conf.txt")), dir.resolve("work"));
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                        .hasMessageContaining("is used by another hashmatch serve");
            } finally {
                second.close();
            }
            assertThat(matches(http(ctx), A)).isTrue();
        }
    }
}
