package io.hashmatch.service.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Server-side request forgery and resource limits of {@link UrlFetcher}, against a server on the loopback interface
 * started by the test: what is refused is refused before anything is sent (the server's request log says so), and
 * each limit ends a fetch that nothing else would end, with its typed error, and closes the connection.
 */
class UrlFetcherTest {
    private static final byte[] SMALL = "not an image, 27 bytes long".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED_HEAD =
            ascii("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n");
    private static final byte[] CHUNKED_HEAD_AND_10_BYTES = ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n");

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

    /** A fetcher of the loopback {@link StallingServer} with these timeouts (connect 1 min). */
    private static UrlFetcher loopbackWithTimeouts(Duration read, Duration total) {
        return new UrlFetcher(new FetchConfiguration(
                List.of("127.0.0.1"), List.of("127.0.0.1/32"), 1024L, Duration.ofMinutes(1), read, total, 2));
    }

    /** The fetch's failure, which must be one. */
    private static FetchException failure(UrlFetcher f, String url) {
        try {
            f.fetch(url);
        } catch (FetchException e) {
            return e;
        }
        throw new AssertionError("fetched " + url);
    }

    // The servers below stall for ever: only the fetcher's own limit can end each fetch (the other one is a minute),
    // so the kind of the failure says which limit ended it, without measuring any time. The total limit is 2 s so that
    // a loaded machine still connects and sends the request before it.

    /** The stalls: what the server sends before it stalls, the fetcher's read and total limits, the message's start. */
    static Stream<Arguments> stalls() {
        byte[] nothing = new byte[0];
        Duration tenthOfASecond = Duration.ofMillis(100);
        Duration twoSeconds = Duration.ofSeconds(2);
        Duration aMinute = Duration.ofMinutes(1);
        return Stream.of(
                arguments("read limit, headers never come", nothing, tenthOfASecond, aMinute, "timed out: "),
                arguments("read limit, body stops", CHUNKED_HEAD_AND_10_BYTES, tenthOfASecond, aMinute, "timed out: "),
                arguments("total limit, headers never come", nothing, aMinute, twoSeconds, "took longer than PT2S"),
                arguments(
                        "total limit, body stops",
                        CHUNKED_HEAD_AND_10_BYTES,
                        aMinute,
                        twoSeconds,
                        "took longer than PT2S"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stalls")
    @Timeout(60) // a guard against a hang only
    void theLimitUnderTestEndsAStalledAnswerAndClosesItsConnection(
            String stall, byte[] sent, Duration read, Duration totalLimit, String message) throws Exception {
        try (StallingServer server = StallingServer.start(sent, false);
                UrlFetcher f = loopbackWithTimeouts(read, totalLimit)) {
            FetchException e = failure(f, server.url());
            assertThat(e.kind()).isEqualTo(FetchException.Kind.TIMEOUT);
            if (message.endsWith(": ")) {
                assertThat(e.getMessage()).startsWith(message); // the client's own text follows
            } else {
                assertThat(e.getMessage()).isEqualTo(message);
            }
            assertThat(server.outcome()).isEqualTo(new StallingServer.Outcome(0, true));
        }
    }

    @Test
    @Timeout(60)
    void anEndlessBodyIsCutAtTheCapAndItsConnectionClosed() throws Exception {
        try (StallingServer server = StallingServer.start(CHUNKED_HEAD, true);
                UrlFetcher f = loopbackWithTimeouts(Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            FetchException e = failure(f, server.url());
            assertThat(e.kind()).isEqualTo(FetchException.Kind.TOO_LARGE);
            assertThat(e.getMessage()).isEqualTo("larger than 1024 bytes");
            StallingServer.Outcome outcome = server.outcome();
            // the server stops by itself only after StallingServer.ENDLESS_CAP bytes: it was stopped well before
            assertThat(outcome.closedByClient()).isTrue();
            assertThat(outcome.streamed()).isLessThan(StallingServer.ENDLESS_CAP);
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

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A one-connection HTTP server on the loopback interface that reads the request, writes {@code head} and then
     * either stalls, never sending another byte, or streams chunks of 1 KiB without end (up to {@link #ENDLESS_CAP},
     * so that a fetcher that never stops reading cannot hang the test), until the client closes the connection.
     */
    private static final class StallingServer implements AutoCloseable {
        /** What the endless stream stops at by itself. */
        static final long ENDLESS_CAP = 64L << 20;

        /**
         * How the connection ended.
         *
         * @param streamed bytes of endless chunks written before it ended (0 when stalling)
         * @param closedByClient whether the client closed it (else the server stopped at {@link #ENDLESS_CAP})
         */
        record Outcome(long streamed, boolean closedByClient) {}

        private final ServerSocket socket;
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private volatile @Nullable Socket accepted;

        private StallingServer(ServerSocket socket) {
            this.socket = socket;
        }

        static StallingServer start(byte[] head, boolean endless) throws IOException {
            StallingServer server = new StallingServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            Thread t = new Thread(() -> server.serve(head, endless), "stalling-server");
            t.setDaemon(true);
            t.start();
            return server;
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/stall.png";
        }

        /** Waits for the connection to end (a hang is caught by the test's timeout). */
        Outcome outcome() throws InterruptedException, ExecutionException {
            return outcome.get();
        }

        private void serve(byte[] head, boolean endless) {
            try (Socket s = socket.accept()) {
                accepted = s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                readRequest(in);
                out.write(head);
                out.flush();
                outcome.complete(endless ? stream(out) : stall(in));
            } catch (IOException | RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }

        /** Waits for the client to close the connection: end of stream, or a reset. */
        private static Outcome stall(InputStream in) {
            try {
                return new Outcome(0, in.read() < 0); // a byte would be a request body, which a GET has not
            } catch (IOException e) {
                return new Outcome(0, true);
            }
        }

        /** Writes 1 KiB chunks until a write fails (the client closed) or {@link #ENDLESS_CAP}. */
        private static Outcome stream(OutputStream out) {
            byte[] chunk = new byte[5 + 1024 + 2];
            System.arraycopy(ascii("400\r\n"), 0, chunk, 0, 5);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            long streamed = 0;
            try {
                while (streamed < ENDLESS_CAP) {
                    out.write(chunk);
                    streamed += 1024;
                }
            } catch (IOException e) {
                return new Outcome(streamed, true);
            }
            return new Outcome(streamed, false);
        }

        /** Reads up to the blank line that ends a request without a body. */
        private static void readRequest(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = ascii("\r\n\r\n");
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the request ended early");
                }
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            Socket s = accepted;
            if (s != null) {
                s.close();
            }
            socket.close();
        }
    }
}
