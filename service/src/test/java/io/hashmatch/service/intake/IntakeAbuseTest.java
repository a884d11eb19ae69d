package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditConfiguration;
import io.hashmatch.service.audit.AuditLog;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Abuse of the public report page over HTTP: the per-address rate limit (with {@code X-Forwarded-For} believed from
 * the trusted proxy only, here the loopback), the body caps of each route, the proof of work (missing, forged,
 * unsolved and replayed challenges refused; a retry of the same submission accepted), and no client address in the
 * intake tables or the audit log afterwards.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.intake.rate-limit.requests-per-second", value = "0.01")
@Property(name = "hashmatch.intake.rate-limit.burst", value = "6")
@Property(name = "hashmatch.intake.rate-limit.trusted-proxies", value = "127.0.0.1/32,::1/128")
@Property(name = "hashmatch.intake.proof-of-work.difficulty", value = "8")
@Property(name = "hashmatch.audit.refused-interval", value = "200ms")
class IntakeAbuseTest {
    private static final long SEED = System.nanoTime();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern CHALLENGE = Pattern.compile("\"challenge\":\"([A-Za-z0-9_-]+)\"");

    @Inject
    EmbeddedServer server;

    @Inject
    AuditLog audit;

    @Inject
    AuditConfiguration auditConfig;

    @Inject
    @Named(IntakeDatabase.NAME)
    TransactionOperations<Connection> tx;

    record Answer(int status, String body, @Nullable String retryAfter) {}

    /** A request from {@code client} as the trusted proxy (the loopback) names it; a POST if {@code body} is set. */
    private Answer send(String client, String path, @Nullable String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .header(ClientKeys.FORWARDED_FOR, client);
        if (body != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
    }

    /**
     * The report page's headers (its own filter, which matches its paths itself) are on the page and its files, and
     * on nothing else.
     */
    @Test
    void theReportPagesHeadersAreOnThePagesOnly() throws Exception {
        for (String path : List.of("/report", "/report/hash.mjs", "/report/status.html", "/status/live", "/v1/lists")) {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                            .header(ClientKeys.FORWARDED_FOR, "198.51.100.201")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean page = path.startsWith("/report");
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as("%s (%d)", path, r.statusCode())
                    .isEqualTo(page ? Optional.of(ReportPageHeaders.CSP) : Optional.empty());
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .isEqualTo(page ? Optional.of("nosniff") : Optional.empty());
            if (path.endsWith(".mjs")) {
                assertThat(r.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=utf-8");
            }
        }
    }

    private String challenge(String client) throws Exception {
        Answer a = send(client, "/v1/report/challenge", null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        Matcher m = CHALLENGE.matcher(a.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String report(Random random) {
        return Reporter.body(Reporter.hex(random, 16), "en", Reporter.images(random, 1), "chat group");
    }

    private static String code(Answer a) {
        Matcher m = Pattern.compile("\"code\":\"([a-z_]+)\"").matcher(a.body());
        return m.find() ? m.group(1) : "(none) " + a.body();
    }

    @Test
    void anAddressOverItsLimitGets429WithRetryAfterAndOthersGoOn() throws Exception {
        String flooder = "198.51.100.41";
        for (int i = 0; i < 6; i++) {
            assertThat(send(flooder, "/v1/report/form", null).status()).isEqualTo(200);
        }
        Answer refused = send(flooder, "/v1/report/form", null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(code(refused)).isEqualTo("rate_limited");
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 100L);
        // the page, the status route and unknown paths under /v1/report share the address's bucket
        assertThat(send(flooder, "/report", null).status()).isEqualTo(429);
        assertThat(send(flooder, "/v1/report/status", "{\"receipt\":\"x\"}").status())
                .isEqualTo(429);
        assertThat(send(flooder, "/v1/report/nothing", null).status()).isEqualTo(429);
        // another address behind the same proxy, and the same /64 counted as one
        assertThat(send("198.51.100.42", "/v1/report/form", null).status()).isEqualTo(200);
        for (int i = 0; i < 6; i++) {
            assertThat(send("2001:db8:5:6::" + (i + 1), "/v1/report/form", null).status())
                    .isEqualTo(200);
        }
        assertThat(send("2001:db8:5:6::99", "/v1/report/form", null).status()).isEqualTo(429);
        // a client cannot escape by writing its own X-Forwarded-For entries on the left: the proxy's entry counts
        assertThat(send("203.0.113.5, " + flooder, "/v1/report/form", null).status())
                .isEqualTo(429);
    }

    @Inject
    IntakeConfiguration config;

    @Test
    void everyRouteCapsItsBody() throws Exception {
        String client = "198.51.100.51";
        String big = "{\"receipt\":\"" + "A".repeat(IntakeGuard.MAX_STATUS_BODY) + "\"}";
        Answer status = send(client, "/v1/report/status", big);
        assertThat(status.status()).isEqualTo(413);
        assertThat(code(status)).isEqualTo("body_too_large");
        assertThat(status.body()).contains("at most " + IntakeGuard.MAX_STATUS_BODY + " bytes");
        Answer report = send(client, "/v1/report", "{\"x\":\"" + "a".repeat(config.maxBody()) + "\"}");
        assertThat(report.status()).isEqualTo(413);
        assertThat(code(report)).isEqualTo("body_too_large");

        // a chunked body, whose length is not declared
        HttpResponse<String> chunked = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/v1/report"))
                        .header(ClientKeys.FORWARDED_FOR, client)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(411);
        assertThat(chunked.body()).contains("\"code\":\"length_required\"");

        Answer receipt = send(client, "/v1/report/status", "{\"receipt\":\"" + "A".repeat(65) + "\"}");
        assertThat(receipt.status()).isEqualTo(422);
        assertThat(code(receipt)).isEqualTo("invalid_receipt");
    }

    @Test
    void fieldsOverTheirCapsAreRefused() throws Exception {
        Random random = new Random(SEED);
        String client = "198.51.100.61";
        String body = report(random);
        String manyCategories = body.replace(
                "\"categories\":[\"other\"]",
                "\"categories\":[\"other\",\"other\"," + "\"other\",\"other\",\"other\"]");
        Answer a = send(client, "/v1/report", manyCategories);
        assertThat(a.status()).as(a.body()).isEqualTo(422);
        assertThat(a.body()).contains("categories: at most 4");
        Answer seen = send(client, "/v1/report", body.replace("chat group", "x".repeat(1001)));
        assertThat(seen.status()).isEqualTo(422);
        assertThat(seen.body()).contains("seenWhere is at most 1000 characters");
    }

    @Test
    void theProofOfWorkIsCheckedAndUsedOnce() throws Exception {
        Random random = new Random(SEED + 1);
        String client = "198.51.100.71";
        String body = report(random);
        Answer missing = send(client, "/v1/report", body);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(code(missing)).isEqualTo("challenge_missing");

        String c = challenge(client);
        String unsolvedSolution = unsolved(c, 8);
        Answer unsolved = send(client, "/v1/report", Reporter.withSolution(body, c, unsolvedSolution));
        assertThat(unsolved.status()).isEqualTo(403);
        assertThat(code(unsolved)).isEqualTo("challenge_unsolved");

        // a forged challenge: another difficulty written into a real one (its signature no longer holds)
        byte[] token = java.util.Base64.getUrlDecoder().decode(c);
        token[1] = 0;
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        Answer forgedAnswer = send(client, "/v1/report", Reporter.withSolution(body, forged, "0"));
        assertThat(forgedAnswer.status()).isEqualTo(403);
        assertThat(code(forgedAnswer)).isEqualTo("challenge_forged");

        String solution = Reporter.solve(c, 8);
        Answer first = send(client, "/v1/report", Reporter.withSolution(body, c, solution));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        // the same submission retried with the same challenge: the same receipt
        Answer retry = send(client, "/v1/report", Reporter.withSolution(body, c, solution));
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(Reporter.receiptIn(retry.body())).isEqualTo(Reporter.receiptIn(first.body()));
        // another submission with that challenge: replayed
        Answer replayed = send("198.51.100.72", "/v1/report", Reporter.withSolution(report(random), c, solution));
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(code(replayed)).isEqualTo("challenge_replayed");
    }

    /** A solution that does not give {@code difficulty} zero bits. */
    private static String unsolved(String challenge, int difficulty) {
        for (long n = 0; ; n++) {
            if (!Challenges.solves(challenge, Long.toString(n, 36), difficulty)) {
                return Long.toString(n, 36);
            }
        }
    }

    @Test
    void noClientAddressReachesTheTablesOrTheAuditLog() throws Exception {
        Random random = new Random(SEED + 2);
        String reporter = "198.51.100.81";
        String v6 = "2001:db8:77:1::5";
        for (String client : List.of(reporter, v6)) {
            String body = report(random);
            String c = challenge(client);
            Answer a = send(client, "/v1/report", Reporter.withSolution(body, c, Reporter.solve(c, 8)));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            Answer status = send(client, "/v1/report/status", "{\"receipt\":\"" + Reporter.receiptIn(a.body()) + "\"}");
            assertThat(status.status()).isEqualTo(200);
            while (send(client, "/v1/report/form", null).status() != 429) {
                // until refused: refusals are counted per client in the audit log
            }
        }
        // refused by the HTTP decoder before any route (headers over the size limit): counted as withheld too
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.getOutputStream()
                    .write(("GET /v1/report/form HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer =
                    new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 431");
        }
        List<String> forbidden = List.of(reporter, "127.0.0.1", "2001:db8:77:1", "2001:db8:77:1:0:0:0:0", "::1");

        StringBuilder rows = new StringBuilder();
        tx.executeRead(status -> {
            for (String table : List.of("intake_report", "intake_item")) {
                try (Statement s = status.getConnection().createStatement();
                        ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rows.append(r.getString(i)).append('\t');
                        }
                        rows.append('\n');
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
        assertThat(rows.toString()).contains("chat group");
        for (String a : forbidden) {
            assertThat(rows.toString()).as("database rows").doesNotContain(a);
        }

        Path file = Path.of(auditConfig.file());
        String log = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // refused lines are written at the end of each interval: the 429s and the 431 may fall in different ones
        while (!(log.contains("\"client\":\"withheld\"") && log.contains("\"431\":1"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            audit.flush();
            log = Files.readString(file);
        }
        assertThat(log)
                .contains("\"client\":\"withheld\"")
                .contains("POST /v1/report")
                .contains("\"431\":1");
        for (String a : forbidden) {
            assertThat(log).as("audit log").doesNotContain(a);
        }
    }
}
