package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A bounded flood of the report page over the loopback: {@value #ADDRESSES} simulated addresses (named by the trusted
 * proxy, the loopback, in {@code X-Forwarded-For}) make {@value #PER_ADDRESS} submissions each, every tenth sent twice
 * as a retry, while one address keeps asking past its limit, a hotline reader lists the queue and a platform calls
 * {@code /v1/match/hashes}. The others keep being answered (every answer 200, the slowest loosely bounded), the
 * over-limit address gets 429s, and the stored reports are exactly the accepted ones: none lost, none doubled, each
 * with its own hashes.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.intake.rate-limit.requests-per-second", value = "1")
@Property(name = "hashmatch.intake.rate-limit.burst", value = "40")
@Property(name = "hashmatch.intake.rate-limit.trusted-proxies", value = "127.0.0.1/32")
@Property(name = "hashmatch.intake.proof-of-work.difficulty", value = "4")
class IntakeFloodTest {
    static final int ADDRESSES = 200;
    static final int PER_ADDRESS = 10;
    private static final long SEED = System.nanoTime();
    /** Loose: the machine running the tests may be shared and slow; a service that stalls takes far longer. */
    private static final Duration SLOWEST_OTHER = Duration.ofSeconds(20);

    private static final Pattern CHALLENGE =
            Pattern.compile("\"challenge\":\"([A-Za-z0-9_-]+)\",\"difficulty\":(\\d+)");

    @Inject
    EmbeddedServer server;

    @Inject
    Reports reports;

    @Inject
    ListRegistry registry;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    record Answer(int status, String body, long nanos) {}

    private Answer send(@Nullable String forwardedFor, String path, @Nullable String body, @Nullable String key)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofMinutes(2));
        if (forwardedFor != null) {
            b.header(ClientKeys.FORWARDED_FOR, forwardedFor);
        }
        if (key != null) {
            b.header("X-API-Key", key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        long start = System.nanoTime();
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), System.nanoTime() - start);
    }

    /** What one submission sent: its id and its images. */
    record Sent(String submission, List<Reporter.Image> images) {}

    @Test
    void theQueueAndTheOthersStayUsableAndNothingIsLostOrDoubled() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        Random random = new Random(SEED);
        List<List<Sent>> plan = new ArrayList<>();
        for (int a = 0; a < ADDRESSES; a++) {
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < PER_ADDRESS; i++) {
                sent.add(new Sent(Reporter.hex(random, 16), Reporter.images(random, 1 + random.nextInt(3))));
            }
            plan.add(sent);
        }
        String matchBody = "{\"hashes\":[\"" + Reporter.hex(random, 32) + "\"]}";

        Map<String, String> receipts = new ConcurrentHashMap<>(); // submission -> receipt
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong slowestOther = new AtomicLong();
        AtomicLong otherCalls = new AtomicLong();
        AtomicLong overLimit429 = new AtomicLong();
        AtomicLong overLimitCalls = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ExecutorService others = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> background = new ArrayList<>();
            background.add(others.submit(() -> loop(flooding, () -> {
                Answer a = send("203.0.113.250", "/v1/report/form", null, null);
                overLimitCalls.incrementAndGet();
                if (a.status() == 429) {
                    overLimit429.incrementAndGet();
                } else if (a.status() != 200) {
                    failures.add("over-limit client got " + a.status());
                }
            })));
            background.add(others.submit(() -> loop(flooding, () -> {
                Answer a = send(null, "/v1/hotline/reports?status=all", null, TestKeys.HOTLINE);
                other(a, "hotline queue", failures, slowestOther, otherCalls);
            })));
            background.add(others.submit(() -> loop(flooding, () -> {
                Answer a = send(null, "/v1/match/hashes", matchBody, TestKeys.MATCH);
                other(a, "match", failures, slowestOther, otherCalls);
            })));

            List<Future<?>> submitters = new ArrayList<>();
            for (int a = 0; a < ADDRESSES; a++) {
                String address = "198.18." + (a / 250) + "." + (a % 250 + 1);
                List<Sent> sent = plan.get(a);
                submitters.add(pool.submit(() -> {
                    for (int i = 0; i < sent.size(); i++) {
                        Sent s = sent.get(i);
                        String body = Reporter.body(s.submission(), "en", s.images(), "flood");
                        int times = i % 10 == 0 ? 2 : 1; // a retry of the same submission
                        for (int t = 0; t < times; t++) {
                            Answer c = send(address, "/v1/report/challenge", null, null);
                            Matcher m = CHALLENGE.matcher(c.body());
                            if (c.status() != 200 || !m.find()) {
                                failures.add(address + " challenge " + c.status() + ": " + c.body());
                                continue;
                            }
                            String solved = Reporter.withSolution(
                                    body, m.group(1), Reporter.solve(m.group(1), Integer.parseInt(m.group(2))));
                            Answer r = send(address, "/v1/report", solved, null);
                            if (r.status() != 200) {
                                failures.add(address + " submit " + r.status() + ": " + r.body());
                                continue;
                            }
                            String receipt = Reporter.receiptIn(r.body());
                            String earlier = receipts.putIfAbsent(s.submission(), receipt);
                            if (earlier != null && !earlier.equals(receipt)) {
                                failures.add(s.submission() + " got two receipts");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : submitters) {
                f.get();
            }
            flooding.set(false);
            for (Future<?> f : background) {
                f.get();
            }
        } finally {
            flooding.set(false);
            pool.shutdownNow();
            others.shutdownNow();
        }

        assertThat(failures).as("seed %d", SEED).isEmpty();
        assertThat(receipts).hasSize(ADDRESSES * PER_ADDRESS);
        assertThat(otherCalls.get()).isPositive();
        assertThat(Duration.ofNanos(slowestOther.get())).isLessThan(SLOWEST_OTHER);
        // 40 at once, then about one a second: nearly all of the flooder's calls are refused
        assertThat(overLimit429.get()).isGreaterThan(overLimitCalls.get() / 2);

        // the queue holds exactly the accepted reports, each once, with its own hashes
        Map<String, Sent> bySubmission = new HashMap<>();
        plan.forEach(list -> list.forEach(s -> bySubmission.put(s.submission(), s)));
        List<Report> stored = reports.latest(ADDRESSES * PER_ADDRESS + 10);
        assertThat(stored).hasSize(ADDRESSES * PER_ADDRESS);
        Set<String> seen = new HashSet<>();
        for (Report r : stored) {
            assertThat(seen.add(r.submission()))
                    .as("stored twice: %s", r.submission())
                    .isTrue();
            Sent s = bySubmission.get(r.submission());
            assertThat(s).as("a report nobody sent").isNotNull();
            assertThat(ReceiptCodes.display(r.receipt())).isEqualTo(receipts.get(r.submission()));
            List<ReportItem> items = reports.items(Reports.idOf(r));
            assertThat(items.stream().map(ReportItem::sha256).toList())
                    .isEqualTo(s.images().stream().map(Reporter.Image::sha256).toList());
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Void loop(AtomicBoolean running, Call call) throws Exception {
        while (running.get()) {
            call.run();
        }
        return null;
    }

    private static void other(Answer a, String what, List<String> failures, AtomicLong slowest, AtomicLong calls) {
        calls.incrementAndGet();
        if (a.status() != 200) {
            failures.add(what + " got " + a.status() + ": " + a.body());
        }
        slowest.accumulateAndGet(a.nanos(), Math::max);
    }
}
