package io.hashmatch.service.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server-side request forgery and resource limits of {@link UrlFetcher}, against a server on the loopback interface
 * started by the test: what is refused is refused before anything is sent (the server's request log says so), and
 * every limit ends the fetch within a bounded time.
 */
class UrlFetcherTest {
    private static final byte[] SMALL = "not an image, 27 bytes long".getBytes(StandardCharsets.US_ASCII);

    private HttpServer server;
    private ExecutorService handlers;
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private String base;
    private int port;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        port = server.getAddress().getPort();
        base = "http://127.0.0.1:" + port;
        server.createContext("/", x -> {
            requests.add(x.getRequestURI().toString());
            String path = x.getRequestURI().getPath();
            switch (path) {
                case "/small.png" -> send(x, 200, "image/png", SMALL);
                case "/to-same-host" -> redirect(x, "/small.png");
                case "/to-other-host" -> redirect(x, "http://localhost:" + port + "/small.png");
                case "/to-metadata" -> redirect(x, "http://169.254.169.254/latest/meta-data/");
                case "/to-private-address" -> redirect(x, "http://10.0.0.1:" + port + "/small.png");
                case "/loop" -> redirect(x, "/loop");
                case "/large-declared" -> send(x, 200, "image/png", new byte[4096]);
                case "/large-chunked" -> {
                    x.getResponseHeaders().add("Content-Type", "image/png");
                    x.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse early
                    try (OutputStream out = x.getResponseBody()) {
                        for (int i = 0; i < 64; i++) {
                            out.write(new byte[1024]);
                        }
                    } catch (IOException e) {
                        // the client gave up, as it should
                    }
                }
                case "/slow-body" -> {
                    x.getResponseHeaders().add("Content-Type", "image/png");
                    x.sendResponseHeaders(200, 0);
                    try (OutputStream out = x.getResponseBody()) {
                        for (int i = 0; i < 200; i++) { // 1 byte every 50 ms: never a read timeout, 10 s in all
                            out.write(1);
                            out.flush();
                            Thread.sleep(50);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the client gave up, as it should
                    }
                }
                case "/slow-headers" -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    x.close();
                }
                case "/missing" -> send(x, 404, "text/plain", new byte[0]);
                default -> send(x, 500, "text/plain", new byte[0]);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client refused the body after its Content-Length
            }
        }
        x.close();
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    /** A fetcher allowing {@code hosts} and {@code networks}, with short limits. */
    private static UrlFetcher fetcher(List<String> hosts, List<String> networks) {
        return new UrlFetcher(new FetchConfiguration(
                hosts, networks, 1024L, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(1), 2));
    }

    /** Loopback listed both as a host and as a network: the local server may be fetched. */
    private static UrlFetcher loopbackAllowed() {
        return fetcher(List.of("127.0.0.1", "localhost"), List.of("127.0.0.1/32"));
    }

    private static FetchException.Kind refusal(UrlFetcher f, String url) {
        try {
            f.fetch(url);
        } catch (FetchException e) {
            return e.kind();
        }
        throw new AssertionError("fetched " + url);
    }

    @Test
    void aListedLoopbackHostIsFetched() throws Exception {
        try (UrlFetcher f = loopbackAllowed()) {
            UrlFetcher.Fetched got = f.fetch(base + "/small.png");
            assertThat(got.body()).isEqualTo(SMALL);
            assertThat(got.contentType()).isEqualTo("image/png");
            // by name: localhost's ::1 (not listed) is dropped, its 127.0.0.1 connected to
            assertThat(f.fetch("http://localhost:" + port + "/small.png").body())
                    .isEqualTo(SMALL);
        }
    }

    @Test
    void nothingIsFetchedByDefault() throws IOException {
        try (UrlFetcher f = new UrlFetcher(FetchConfiguration.off())) {
            assertThat(f.enabled()).isFalse();
            assertThat(refusal(f, base + "/small.png")).isEqualTo(FetchException.Kind.NOT_ALLOWED);
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void aHostNotListedIsNotContacted() throws IOException {
        try (UrlFetcher f = fetcher(List.of("localhost"), List.of("127.0.0.1/32"))) {
            assertThat(refusal(f, base + "/small.png")).isEqualTo(FetchException.Kind.NOT_ALLOWED);
            assertThat(refusal(f, "http://127.0.0.1.example.org:" + port + "/"))
                    .isEqualTo(FetchException.Kind.NOT_ALLOWED);
            assertThat(refusal(f, "ftp://localhost/x")).isEqualTo(FetchException.Kind.NOT_ALLOWED);
            assertThat(refusal(f, "file:///etc/passwd")).isEqualTo(FetchException.Kind.NOT_ALLOWED);
            assertThat(refusal(f, "http://user@localhost:" + port + "/")).isEqualTo(FetchException.Kind.NOT_ALLOWED);
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void aListedHostOnALoopbackAddressNotListedIsNotContacted() throws IOException {
        try (UrlFetcher f = fetcher(List.of("127.0.0.1", "localhost"), List.of())) {
            assertThat(refusal(f, base + "/small.png")).isEqualTo(FetchException.Kind.UNSAFE_ADDRESS);
            assertThat(refusal(f, "http://localhost:" + port + "/small.png"))
                    .isEqualTo(FetchException.Kind.UNSAFE_ADDRESS);
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void redirectsStayOnTheSameHost() throws Exception {
        try (UrlFetcher f = loopbackAllowed()) {
            assertThat(f.fetch(base + "/to-same-host").body()).isEqualTo(SMALL);
            requests.clear();
            assertThat(refusal(f, base + "/to-other-host")).isEqualTo(FetchException.Kind.REDIRECT_REFUSED);
            assertThat(refusal(f, base + "/to-metadata")).isEqualTo(FetchException.Kind.REDIRECT_REFUSED);
            assertThat(refusal(f, base + "/to-private-address")).isEqualTo(FetchException.Kind.REDIRECT_REFUSED);
            assertThat(requests)
                    .as("the redirect targets were never asked for")
                    .containsExactly("/to-other-host", "/to-metadata", "/to-private-address");
            assertThat(refusal(f, base + "/loop")).isEqualTo(FetchException.Kind.REDIRECT_REFUSED);
        }
    }

    @Test
    void aBodyLargerThanTheCapIsRefused() throws IOException {
        try (UrlFetcher f = loopbackAllowed()) {
            assertThat(refusal(f, base + "/large-declared")).isEqualTo(FetchException.Kind.TOO_LARGE);
            assertThat(refusal(f, base + "/large-chunked")).isEqualTo(FetchException.Kind.TOO_LARGE);
        }
    }

    @Test
    void slowAnswersEndAtTheTimeLimits() throws IOException {
        try (UrlFetcher f = loopbackAllowed()) {
            long start = System.nanoTime();
            assertThat(refusal(f, base + "/slow-body")).as("total limit 1 s").isEqualTo(FetchException.Kind.TIMEOUT);
            long slowBody = System.nanoTime() - start;
            start = System.nanoTime();
            assertThat(refusal(f, base + "/slow-headers"))
                    .as("read limit 0.5 s")
                    .isEqualTo(FetchException.Kind.TIMEOUT);
            long slowHeaders = System.nanoTime() - start;
            assertThat(Duration.ofNanos(slowBody)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
            assertThat(Duration.ofNanos(slowHeaders)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
        }
    }

    @Test
    void aFailedAnswerIsAFailure() throws IOException {
        try (UrlFetcher f = loopbackAllowed()) {
            assertThatThrownBy(() -> f.fetch(base + "/missing"))
                    .isInstanceOf(FetchException.class)
                    .hasMessage("HTTP 404 from 127.0.0.1");
        }
    }

    @Test
    void onlyPublicAddressesAndListedNetworksMayBeConnectedTo() throws IOException {
        try (UrlFetcher f = fetcher(List.of("example.org"), List.of("10.1.0.0/16"))) {
            for (String a : List.of(
                    "127.0.0.1",
                    "127.255.0.9",
                    "10.0.0.1",
                    "172.16.5.4",
                    "172.31.255.255",
                    "192.168.1.1",
                    "169.254.169.254",
                    "100.64.0.1",
                    "0.0.0.0",
                    "224.0.0.1",
                    "255.255.255.255",
                    "::1",
                    "::",
                    "fe80::1",
                    "fc00::1",
                    "fd12:3456::1",
                    "ff02::1",
                    "::ffff:127.0.0.1",
                    "::ffff:10.0.0.1")) {
                assertThat(f.mayConnect(InetAddress.ofLiteral(a))).as(a).isFalse();
            }
            for (String a : List.of("10.1.2.3", "8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "2001:4860::8888")) {
                assertThat(f.mayConnect(InetAddress.ofLiteral(a))).as(a).isTrue();
            }
        }
    }
}
