package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The match and hash routes leave a {@link MatchSummary} (counts only) on the request, where a filter (the audit log)
 * reads it after the response.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "test.summary-recorder", value = "true")
class MatchSummaryTest {
    /** Records the summary of each request by path, as an audit filter would read it. */
    @ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
    @Requires(property = "test.summary-recorder", value = "true")
    static final class Recorder {
        static final Map<String, MatchSummary> BY_PATH = new ConcurrentHashMap<>();

        @ResponseFilter
        void after(HttpRequest<?> request) {
            request.getAttribute(MatchSummary.ATTRIBUTE, MatchSummary.class)
                    .ifPresent(s -> BY_PATH.put(request.getMethodName() + " " + request.getPath(), s));
        }
    }

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    Http http;
    String demo;

    @BeforeEach
    void ready() throws InterruptedException {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        http = new Http(server.getURL());
        try (ListLease lease = registry.acquire()) {
            demo = "demo@1#" + lease.list("demo").checksum();
        }
    }

    @Test
    void routesSummarizeWhatTheyMatched() {
        DemoManifest.Row text = DemoManifest.image("syn_text_256x256.png");
        String noiseMd5 = DemoManifest.image("syn_noise_64x48.png").md5();
        http.postJson(
                "/v1/match/hashes",
                "{\"hashes\":[\"" + text.pdq() + "\",\"" + noiseMd5 + "\",\"0123456789abcdef0123456789abcdef\"]}");
        assertThat(Recorder.BY_PATH.get("POST /v1/match/hashes"))
                .isEqualTo(new MatchSummary(3, 3, 2, java.util.List.of(demo)));

        http.post("/v1/match/image", "image/png", DemoManifest.testImage(text.image()));
        assertThat(Recorder.BY_PATH.get("POST /v1/match/image"))
                .isEqualTo(new MatchSummary(1, 1, 1, java.util.List.of(demo)));

        http.postFile("/v1/hash/image", "file", DemoManifest.testImage(text.image()));
        assertThat(Recorder.BY_PATH.get("POST /v1/hash/image"))
                .isEqualTo(new MatchSummary(1, 0, 0, java.util.List.of()));

        http.get("/m/lookup?signal_type=pdq&signal=" + text.pdq());
        assertThat(Recorder.BY_PATH.get("GET /m/lookup")).isEqualTo(new MatchSummary(1, 1, 1, java.util.List.of(demo)));
    }
}
