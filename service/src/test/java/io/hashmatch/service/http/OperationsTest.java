package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditChain;
import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operations over real HTTP: the audit line of each request (counts and list versions, never a queried hash), the
 * Prometheus counters and per-route histograms, the per-key rate limit (429 with Retry-After), and the OpenAPI document
 * and UI served from the jar.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.security.keys.test-match.requests-per-second", value = "0.001")
@Property(name = "hashmatch.security.keys.test-match.burst", value = "3")
@Property(name = "hashmatch.audit.refused-interval", value = "100ms")
class OperationsTest {
    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    @Inject
    AuditLog auditLog;

    Http admin;
    ListInfo demo;

    static final DemoManifest.Row TEXT = DemoManifest.image("syn_text_256x256.png");
    static final DemoManifest.Row NOISE = DemoManifest.image("syn_noise_64x48.png");

    @BeforeEach
    void ready() throws InterruptedException {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        admin = new Http(server.getURL());
        try (ListLease lease = registry.acquire()) {
            demo = lease.list("demo");
        }
    }

    @Test
    void auditsEachRequestWithCountsAndVersionsButNoHash() throws IOException, InterruptedException {
        String miss = "0123456789abcdef0123456789abcdef";
        assertThat(admin.postJson(
                                "/v1/match/hashes",
                                "{\"hashes\":[\"" + TEXT.pdq() + "\",\"" + NOISE.md5() + "\",\"" + miss + "\"]}")
                        .status())
                .isEqualTo(200);
        assertThat(new Http(server.getURL(), null)
                        .get("/m/lookup?signal_type=pdq&signal=" + TEXT.pdq())
                        .status())
                .isEqualTo(401);
        assertThat(admin.get("/m/lookup?signal_type=pdq&signal=" + TEXT.pdq()).status())
                .isEqualTo(200);

        // lines are written by the log's writer thread, about a millisecond after the answer; refused requests are
        // counted per client address and key and written at the end of each interval (another test's refusals under
        // a key may already be in the log)
        String log = "";
        for (int i = 0; i < 100 && !log.contains("\"key\":null,\"count\""); i++) {
            Thread.sleep(50);
            auditLog.flush();
            log = Files.readString(auditLog.file());
        }
        assertThat(log).doesNotContain(TEXT.pdq()).doesNotContain(NOISE.md5()).doesNotContain(miss);
        List<String> lines = log.lines().toList();
        String lists = "\"lists\":[\"demo@1#" + demo.checksum() + "\"]";
        // TEXT's PDQ hits once, NOISE's MD5 twice (two sources in the demo list)
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches("\\{\"time\":\"[0-9T:.Z-]+\",\"key\":\"test-admin\","
                        + "\"route\":\"POST /v1/match/hashes\",\"status\":200,\"queries\":3,\"hits\":3,\"matched\":2,"
                        + Pattern.quote(lists)
                        + ",\"prev\":\"[0-9a-f]{64}\"}"));
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches("\\{\"event\":\"refused\",\"time\":\"[0-9T:.Z-]+\",\"since\":\"[0-9T:.Z-]+\","
                        + "\"client\":\"[^\"]+\",\"key\":null,\"count\":\\d+,\"statuses\":\\{\"401\":\\d+},"
                        + "\"prev\":\"[0-9a-f]{64}\"}"));
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches("\\{\"time\":\"[0-9T:.Z-]+\",\"key\":\"test-admin\","
                        + "\"route\":\"GET /m/lookup\",\"status\":200,\"queries\":1,\"hits\":1,\"matched\":1,"
                        + Pattern.quote(lists)
                        + ",\"prev\":\"[0-9a-f]{64}\"}"));
        assertThat(AuditChain.verify(auditLog.file()).intact()).isTrue();
    }

    @Test
    void exportsMatchCountersAndLatencyHistogramsPerRoute() {
        double hashesBefore = admin.metric("hashmatch_queries_matched_total{source=\"hashes\"}");
        double imagesBefore = admin.metric("hashmatch_queries_matched_total{source=\"image\"}");
        double hitsBefore = admin.metric("hashmatch_hits_total{list=\"demo\"}");
        double errorsBefore =
                admin.metric("hashmatch_decode_errors_total{source=\"image\",type=\"unsupported_format\"}");
        admin.postJson("/v1/match/hashes", "{\"hashes\":[\"" + TEXT.pdq() + "\",\"" + NOISE.md5() + "\"]}");
        admin.post("/v1/match/image", "image/png", DemoManifest.testImage("syn_text_256x256.png"));
        assertThat(admin.post(
                                "/v1/match/image",
                                "application/octet-stream",
                                "%PDF-1.4 not an image".getBytes(StandardCharsets.US_ASCII))
                        .status())
                .isEqualTo(415);

        assertThat(admin.metric("hashmatch_queries_matched_total{source=\"hashes\"}") - hashesBefore)
                .isEqualTo(2.0);
        assertThat(admin.metric("hashmatch_queries_matched_total{source=\"image\"}") - imagesBefore)
                .isEqualTo(1.0);
        assertThat(admin.metric("hashmatch_hits_total{list=\"demo\"}") - hitsBefore)
                .isEqualTo(4.0); // 1 + 2 + 1
        assertThat(admin.metric("hashmatch_decode_errors_total{source=\"image\",type=\"unsupported_format\"}")
                        - errorsBefore)
                .isEqualTo(1.0);
        String text = admin.get("/prometheus").body();
        assertThat(text)
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/match/hashes\"[^}]*le=\"");
        assertThat(text)
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/match/image\"[^}]*le=\"");
    }

    @Test
    void answers429WithRetryAfterOverAKeysRate() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest lists = HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/lists"))
                .header("Authorization", "Bearer " + TestKeys.MATCH)
                .build();
        int ok = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = client.send(lists, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                ok++;
            } else {
                refused = r;
            }
        }
        assertThat(ok).as("a burst of 3").isEqualTo(3);
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(429);
        // 1 token at 0.001/s: about 1000 s
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(990L, 1000L);
        assertThat(refused.body())
                .matches("\\{\"error\":\\{\"code\":\"rate_limited\",\"message\":\"too many requests for"
                        + " key 'test-match': retry after \\d+ s\"}}");
        assertThat(admin.get("/v1/lists").status())
                .as("other keys are not limited")
                .isEqualTo(200);
    }

    @Test
    void servesTheOpenApiDocumentAndItsUiFromTheJarWithoutAKey() {
        Http anonymous = new Http(server.getURL(), null);
        Http.Answer doc = anonymous.get("/swagger/hashmatch-1.yml");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body())
                .startsWith("openapi: 3.")
                .contains("  /v1/match/hashes:", "  /v1/lists/{name}:", "  /m/lookup:", "X-API-Key");
        Http.Answer ui = anonymous.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body())
                .contains("/swagger-ui/res/swagger-ui-bundle.js", "/swagger/hashmatch-1.yml")
                .doesNotContainPattern("(src|href)=\"https?://");
        assertThat(anonymous.get("/swagger-ui/res/swagger-ui-bundle.js").status())
                .isEqualTo(200);
        assertThat(anonymous.get("/status/live").status()).isEqualTo(200);
        assertThat(anonymous.get("/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/health").status()).isEqualTo(401);
    }
}
