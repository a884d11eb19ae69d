package io.hashmatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log under attack and faults, over real HTTP: a flood of requests without a key gets 429 and a bounded
 * number of audit lines; the favicon is served without a key and without a refusal; with audit writes failing (a full
 * disk) liveness answers 200, readiness is DOWN with the reason and other requests get 503, until writes work again; a
 * second service on the same audit log does not start; requests the HTTP decoder refuses before routing are counted.
 */
class AuditOverHttpTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private EmbeddedServer start(Path audit, Map<String, Object> more) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(more);
        props.put("hashmatch.audit.file", audit.toString());
        props.put("hashmatch.watch", "false");
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, Environment.TEST);
        assertThat(server.getApplicationContext().getBean(ListRegistry.class).awaitReady(Duration.ofMinutes(2)))
                .isTrue();
        return server;
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path, @Nullable String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardedHeadersSentByTheClientDoNotMakeANewAddress() throws Exception {
        Path audit = dir.resolve("hashmatch-audit.jsonl");
        int flood = 30;
        int burst = 5;
        try (EmbeddedServer server = start(
                audit,
                Map.of(
                        "hashmatch.security.refused-rate-limit.requests-per-second",
                        "0.01",
                        "hashmatch.security.refused-rate-limit.burst",
                        Integer.toString(burst)))) {
            int unauthorized = 0;
            for (int i = 0; i < flood; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURL() + "/v1/lists"))
                        .header("X-Forwarded-For", "198.51.100." + (i + 1))
                        .header("Forwarded", "for=203.0.113." + (i + 1))
                        .build();
                int status = CLIENT.send(request, HttpResponse.BodyHandlers.ofString())
                        .statusCode();
                assertThat(status).isIn(401, 429);
                if (status == 401) {
                    unauthorized++;
                }
            }
            assertThat(unauthorized)
                    .as("one bucket for the connection's address, whatever the headers say")
                    .isEqualTo(burst);
        }
        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertThat(lines).noneSatisfy(l -> assertThat(l).containsAnyOf("198.51.100.", "203.0.113."));
    }

    @Test
    void aFloodWithoutAKeyGets429AndABoundedNumberOfAuditLines() throws Exception {
        Path audit = dir.resolve("hashmatch-audit.jsonl");
        int flood = 300;
        int burst = 5;
        try (EmbeddedServer server = start(
                audit,
                Map.of(
                        "hashmatch.security.refused-rate-limit.requests-per-second",
                        "0.01",
                        "hashmatch.security.refused-rate-limit.burst",
                        Integer.toString(burst)))) {
            int unauthorized = 0;
            int limited = 0;
            for (int i = 0; i < flood; i++) {
                HttpResponse<String> r = get(server, "/v1/lists", i % 2 == 0 ? null : "hm_not-a-key");
                if (r.statusCode() == 401) {
                    unauthorized++;
                } else {
                    assertThat(r.statusCode()).isEqualTo(429);
                    assertThat(Long.parseLong(
                                    r.headers().firstValue("Retry-After").orElseThrow()))
                            .isBetween(1L, 100L);
                    assertThat(r.body()).contains("\"code\":\"rate_limited\"");
                    limited++;
                }
            }
            assertThat(unauthorized).isEqualTo(burst);
            assertThat(limited).isEqualTo(flood - burst);
            assertThat(get(server, "/v1/lists", TestKeys.MATCH).statusCode())
                    .as("a valid key from the same address is not refused")
                    .isEqualTo(200);
            HttpResponse<String> icon = get(server, "/favicon.ico", null);
            assertThat(icon.statusCode()).isEqualTo(200);
            assertThat(icon.headers().firstValue("Content-Type")).hasValue("image/x-icon");
        } // the refused lines are written at the end of the interval, or at close

        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3);
        assertThat(lines)
                .filteredOn(l -> l.startsWith("{\"event\":\"refused\""))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("\"key\":null,\"count\":" + flood + ",\"statuses\":{\"401\":" + burst + ",\"429\":"
                                + (flood - burst) + "}"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"route\":\"GET /favicon.ico\",\"status\":200"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("\"status\":401"));
        assertThat(AuditChain.verify(audit).intact()).isTrue();
    }

    @Test
    void withAuditWritesFailingLivenessAnswersAndReadinessSaysWhy() throws Exception {
        Path audit = dir.resolve("hashmatch-audit.jsonl");
        try (EmbeddedServer server = start(audit, Map.of())) {
            AuditLog log = server.getApplicationContext().getBean(AuditLog.class);
            log.writeThrough((channel, buffer) -> {
                throw new IOException("No space left on device");
            });
            get(server, "/v1/lists", TestKeys.MATCH); // its line cannot be written
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.unwritable() == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            assertThat(log.unwritable()).isEqualTo("cannot write: No space left on device");

            assertThat(get(server, "/status/live", null).statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/liveness", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(server, "/health/readiness", TestKeys.MATCH);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body())
                    .contains("\"status\":\"DOWN\"")
                    .contains("cannot write the audit log: cannot write: No space left on device");
            HttpResponse<String> refused = get(server, "/v1/lists", TestKeys.MATCH);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("\"code\":\"audit_unavailable\"");

            log.writeThrough(FileChannel::write); // room again
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.unwritable() != null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            assertThat(log.unwritable()).isNull();
            assertThat(get(server, "/health/readiness", TestKeys.MATCH).statusCode())
                    .isEqualTo(200);
            assertThat(get(server, "/v1/lists", TestKeys.MATCH).statusCode()).isEqualTo(200);
        }
        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertThat(AuditChain.verify(audit).intact()).isTrue();
        assertThat(lines)
                .as("the line that waited, the 503 counted, and the requests after")
                .anySatisfy(l -> assertThat(l).contains("\"statuses\":{\"503\":1}"))
                .filteredOn(l -> l.contains("\"route\":\"GET /v1/lists\",\"status\":200"))
                .hasSize(2);
    }

    @Test
    void aSecondServiceOnTheSameAuditLogDoesNotStart() throws Exception {
        Path audit = dir.resolve("hashmatch-audit.jsonl");
        try (EmbeddedServer first = start(audit, Map.of())) {
            assertThat(get(first, "/status/live", null).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> start(audit, Map.of()))
                    .rootCause()
                    .isInstanceOf(AuditLogException.class)
                    .hasMessageContaining("in use by another hashmatch serve (pid "
                            + ProcessHandle.current().pid());
            assertThat(get(first, "/status/live", null).statusCode()).isEqualTo(200);
        }
        assertThat(AuditChain.verify(audit).intact()).isTrue();
    }

    /** The first line of the answer to {@code request} sent as it is on a new connection. */
    private static String raw(EmbeddedServer server, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] b = socket.getInputStream().readNBytes(12);
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void requestsRefusedBeforeRoutingAreCounted() throws Exception {
        Path audit = dir.resolve("hashmatch-audit.jsonl");
        try (EmbeddedServer server = start(audit, Map.of())) {
            assertThat(raw(server, "GARBAGE\r\n\r\n")).endsWith(" 400");
            assertThat(raw(server, "GET /v1/lists HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n"))
                    .matches("HTTP/1\\.[01] 4\\d\\d");
        }
        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        assertThat(lines).singleElement().satisfies(l -> assertThat(l)
                .matches("\\{\"event\":\"refused\",.*\"client\":\"127\\.0\\.0\\.1\",\"key\":null,\"count\":2,"
                        + "\"statuses\":\\{\"400\":1,\"4\\d\\d\":1},\"prev\":.*"));
    }
}
