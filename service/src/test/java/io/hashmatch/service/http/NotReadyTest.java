package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With no list loaded (the only configured list is invalid) the service is alive but not ready: {@code /status} and
 * {@code /health} 503, lookups 503, liveness 200; hashing still works. Uploading a list makes it ready.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotReadyTest implements TestPropertyProvider {
    final Path dir;

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    NotReadyTest() throws IOException {
        dir = Files.createTempDirectory("hashmatch-notready-test");
        Files.writeString(dir.resolve("bad.txt"), "not a hash\n");
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(
                "hashmatch.lists",
                "bad=" + dir.resolve("bad.txt"),
                "hashmatch.watch",
                "false",
                "hashmatch.work-dir",
                dir.resolve("work").toString());
    }

    @AfterAll
    void deleteFiles() {
        HotReloadTest.deleteTree(dir);
    }

    @Test
    void aliveButNotReadyUntilAListIsLoaded() throws InterruptedException {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isFalse();
        Http http = new Http(server.getURL());
        String pdq = DemoManifest.image("syn_text_256x256.png").pdq();
        assertThat(http.get("/status")).isEqualTo(new Http.Answer(503, "text/html;charset=utf-8", "INDEX-NOT-LOADED"));
        assertThat(http.get("/status/live")).isEqualTo(new Http.Answer(200, "text/html;charset=utf-8", "I-AM-ALIVE"));
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + pdq))
                .isEqualTo(new Http.Answer(503, "application/json", "{\"message\":\"index not yet ready\"}\n"));
        // the answer names the list that failed and why (the original file, not the service's copy of it)
        Http.Answer noList = http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + pdq + "\"]}");
        assertThat(noList.status()).isEqualTo(503);
        assertThat(noList.body())
                .startsWith("{\"error\":{\"code\":\"no_lists\",\"message\":\"no list is loaded: list 'bad' failed to"
                        + " load: " + dir.resolve("bad.txt") + ":1");
        assertThat(http.post("/v1/hash/image", "image/png", DemoManifest.testImage("syn_text_256x256.png"))
                        .status())
                .isEqualTo(200);
        Http.Answer health = http.get("/health/readiness");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body())
                .contains("\"lists\":{\"name\":\"hashmatch\",\"status\":\"DOWN\"")
                .contains("\"failed\":{\"bad\":\"" + dir.resolve("bad.txt") + ":1");
        assertThat(http.get("/v1/lists").body()).isEqualTo("{\"lists\":[]}");

        assertThat(http.put(
                                "/v1/lists/fixed",
                                "text/plain",
                                (DemoManifest.image("syn_text_256x256.png").md5() + "\n").getBytes())
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/status").body()).isEqualTo("I-AM-ALIVE");
        // a configured list is still missing: not healthy until it is fixed or an admin deletes it
        Http.Answer missing = http.get("/health/readiness");
        assertThat(missing.status()).isEqualTo(503);
        assertThat(missing.body()).contains("\"failed\":{\"bad\":");
        assertThat(http.delete("/v1/lists/bad").status()).isEqualTo(204);
        Http.Answer ready = http.get("/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body())
                .contains("\"lists\":{\"name\":\"hashmatch\",\"status\":\"UP\",\"details\":{\"fixed\":{");
    }
}
