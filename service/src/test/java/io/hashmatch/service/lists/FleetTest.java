package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of replicas following one published list: three service instances (each its own application context,
 * work directory and loopback port) follow a manifest served by a plain HTTP server, or two follow a manifest file.
 * What each replica serves is read from its {@code /v1/lists}, its readiness and follow details from
 * {@code /health}; a short poll interval keeps the test quick, and no assertion depends on timing.
 */
class FleetTest {
    static final String LIST = "fleet";
    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    final List<ApplicationContext> replicas = new ArrayList<>();
    HttpServer web;

    @AfterEach
    void stop() {
        for (ApplicationContext r : replicas) {
            r.close();
        }
        if (web != null) {
            web.stop(0);
        }
    }

    /** Entry {@code j} of version {@code k}: an MD5 in hex, different for every version. */
    static String hash(int k, int j) {
        return String.format(Locale.ROOT, "%016x%016x", 0xf1ee70000L + k, 0x5eed0000L + j);
    }

    /** Snapshot of version {@code k}: five MD5 entries of that version. */
    Path snapshot(int k) throws Exception {
        Path txt = dir.resolve("v" + k + ".txt");
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < 5; j++) {
            b.append(hash(k, j)).append('\n');
        }
        Files.writeString(txt, b);
        Path out = dir.resolve("v" + k + ".hmsnap");
        ListImporter.importLists(List.of(ListImport.Source.of(txt)), LIST, "v" + k, out);
        return out;
    }

    Path published() {
        return dir.resolve("published");
    }

    /** Serves {@link #published()} with ETags; answers manifests only once {@code gate} is open. */
    void startWebServer(CountDownLatch gate, AtomicInteger notModified) throws IOException {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/lists/", exchange -> {
            try (exchange) {
                serve(exchange, gate, notModified);
            }
        });
        web.start();
    }

    private void serve(HttpExchange exchange, CountDownLatch gate, AtomicInteger notModified) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/lists/".length());
        Path file = published().resolve(name);
        if (name.contains("/") || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (name.endsWith(PublishedList.MANIFEST_SUFFIX)) {
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        byte[] body = Files.readAllBytes(file);
        String etag;
        try {
            etag = "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body)) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            notModified.incrementAndGet();
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    ApplicationContext startReplica(int i, String follow) {
        ApplicationContext ctx = ApplicationContext.run(
                Map.of(
                        "hashmatch.follow.sources",
                        List.of(follow),
                        "hashmatch.follow.interval",
                        "200ms",
                        "hashmatch.work-dir",
                        dir.resolve("replica-" + i).toString(),
                        "hashmatch.watch",
                        false),
                "test");
        replicas.add(ctx);
        ctx.getBean(EmbeddedServer.class).start();
        return ctx;
    }

    static String base(ApplicationContext replica) {
        String url = replica.getBean(EmbeddedServer.class).getURL().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static HttpResponse<String> get(ApplicationContext replica, String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(base(replica) + path))
                        .header("X-API-Key", TestKeys.ADMIN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String match(ApplicationContext replica, String md5) throws Exception {
        HttpResponse<String> a = CLIENT.send(
                HttpRequest.newBuilder(URI.create(base(replica) + "/v1/match/hashes"))
                        .header("X-API-Key", TestKeys.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"hashes\":[\"" + md5 + "\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        return a.body();
    }

    /** What {@code /v1/lists} says the replica serves as the list: {@code version checksum}, or "none". */
    static String served(ApplicationContext replica) throws Exception {
        HttpResponse<String> a = get(replica, "/v1/lists");
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "\"name\":\"" + LIST + "\",\"version\":\"([^\"]*)\".*?\"checksum\":\"([0-9a-f]{8})\"")
                .matcher(a.body());
        return m.find() ? m.group(1) + " " + m.group(2) : "none";
    }

    /** Waits (up to a minute) until {@code check} holds for what {@code probe} reads from every replica. */
    static void awaitAll(List<ApplicationContext> replicas, Probe probe, Predicate<String> check, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (ApplicationContext r : replicas) {
            String last = probe.read(r);
            while (!check.test(last) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                last = probe.read(r);
            }
            assertThat(check.test(last))
                    .as(what + " on " + base(r) + ", last read: " + last)
                    .isTrue();
        }
    }

    @FunctionalInterface
    interface Probe {
        String read(ApplicationContext replica) throws Exception;
    }

    static String readiness(ApplicationContext replica) throws Exception {
        return Integer.toString(get(replica, "/health/readiness").statusCode());
    }

    static String health(ApplicationContext replica) throws Exception {
        return get(replica, "/health").body();
    }

    /**
     * Publishes {@code staging}'s publication of the list into {@link #published()} the way {@code list publish}
     * does (snapshot first, then the manifest by an atomic rename), after a test damaged it there: no replica can
     * see it undamaged.
     */
    void publishFrom(Path staging, PublishedList p) throws IOException {
        Files.copy(staging.resolve(p.snapshot()), published().resolve(p.snapshot()));
        Path tmp = published().resolve(".manifest.tmp");
        Files.copy(staging.resolve(PublishedList.manifestFileName(LIST)), tmp);
        Files.move(
                tmp,
                published().resolve(PublishedList.manifestFileName(LIST)),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Flips a byte in the middle of a snapshot. */
    static void corrupt(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            long at = ch.size() / 2;
            ch.read(b, at);
            b.flip();
            byte flipped = (byte) (b.get(0) ^ 0x01);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), at);
        }
    }

    @Test
    void threeReplicasFollowAnHttpPublicationSwitchTogetherAndRefuseACorruptOne() throws Exception {
        PublishedList v1 = PublishedList.publish(snapshot(1), published(), Instant.now());
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger notModified = new AtomicInteger();
        startWebServer(gate, notModified);
        String url = "http://" + web.getAddress().getAddress().getHostAddress() + ":"
                + web.getAddress().getPort() + "/lists/" + PublishedList.manifestFileName(LIST);
        List<ApplicationContext> fleet = List.of(startReplica(0, url), startReplica(1, url), startReplica(2, url));

        // not ready while the first publication cannot be read
        for (ApplicationContext r : fleet) {
            assertThat(readiness(r)).isEqualTo("503");
        }
        gate.countDown();
        awaitAll(fleet, FleetTest::readiness, "200"::equals, "ready");
        awaitAll(fleet, FleetTest::served, ("v1 " + v1.checksum())::equals, "serves v1");
        assertThat(health(fleet.get(0))).contains("\"source\":\"" + url + "\"");

        // a new publication: every replica switches to it and answers the same
        PublishedList v2 = PublishedList.publish(snapshot(2), published(), Instant.now());
        awaitAll(fleet, FleetTest::served, ("v2 " + v2.checksum())::equals, "serves v2");
        String answer = match(fleet.get(0), hash(2, 3));
        assertThat(answer).contains("\"hits\":[{");
        for (ApplicationContext r : fleet) {
            assertThat(match(r, hash(2, 3))).isEqualTo(answer);
            assertThat(match(r, hash(1, 3))).doesNotContain("\"hits\":[{");
        }

        // the unchanged manifest was answered 304 to every replica's If-None-Match
        awaitAll(
                fleet,
                FleetTest::health,
                h -> h.matches("(?s).*\"notModified\":[1-9].*"),
                "counts unchanged manifests");
        assertThat(notModified.get()).isGreaterThanOrEqualTo(fleet.size());

        // a corrupt publication: every replica refuses it and keeps serving v2, still ready
        Path staging = dir.resolve("staging");
        PublishedList v3 = PublishedList.publish(snapshot(3), staging, Instant.now());
        corrupt(staging.resolve(v3.snapshot()));
        publishFrom(staging, v3);
        awaitAll(
                fleet,
                FleetTest::health,
                h -> h.contains("version v3 refused: the snapshot's SHA-256"),
                "refuses the corrupt v3");
        for (ApplicationContext r : fleet) {
            assertThat(served(r)).isEqualTo("v2 " + v2.checksum());
            assertThat(readiness(r)).isEqualTo("200");
            assertThat(match(r, hash(2, 0))).contains("\"hits\":[{");
            assertThat(match(r, hash(3, 0))).doesNotContain("\"hits\":[{");
        }

        // the next good publication is served again
        PublishedList v4 = PublishedList.publish(snapshot(4), published(), Instant.now());
        awaitAll(fleet, FleetTest::served, ("v4 " + v4.checksum())::equals, "serves v4");
        awaitAll(fleet, FleetTest::health, h -> !h.contains("\"problem\""), "clears the refusal");
    }

    @Test
    void replicasFollowAManifestOnSharedStorage() throws Exception {
        PublishedList v1 = PublishedList.publish(snapshot(1), published(), Instant.now());
        Path manifest = published().resolve(PublishedList.manifestFileName(LIST));
        List<ApplicationContext> fleet =
                List.of(startReplica(0, manifest.toString()), startReplica(1, manifest.toString()));
        awaitAll(fleet, FleetTest::served, ("v1 " + v1.checksum())::equals, "serves v1");

        PublishedList v2 = PublishedList.publish(snapshot(2), published(), Instant.now());
        awaitAll(fleet, FleetTest::served, ("v2 " + v2.checksum())::equals, "serves v2");
        awaitAll(
                fleet,
                FleetTest::health,
                h -> h.matches("(?s).*\"notModified\":[1-9].*"),
                "counts unchanged manifests");

        // a manifest whose checksum does not match its snapshot is refused; v2 stays
        Path staging = dir.resolve("staging");
        PublishedList v3 = PublishedList.publish(snapshot(3), staging, Instant.now());
        String wrong = v3.checksum().equals("00000000") ? "00000001" : "00000000";
        Path stagedManifest = staging.resolve(PublishedList.manifestFileName(LIST));
        Files.writeString(
                stagedManifest,
                Files.readString(stagedManifest, StandardCharsets.UTF_8)
                        .replace("\"checksum\":\"" + v3.checksum() + "\"", "\"checksum\":\"" + wrong + "\""));
        publishFrom(staging, v3);
        awaitAll(
                fleet,
                FleetTest::health,
                h -> h.contains("version v3 refused: the snapshot's checksum is " + v3.checksum()),
                "refuses the wrong checksum");
        for (ApplicationContext r : fleet) {
            assertThat(served(r)).isEqualTo("v2 " + v2.checksum());
            assertThat(readiness(r)).isEqualTo("200");
        }
    }
}
