package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests that are too slow or whose headers are too large get typed answers: a keyed client dripping its body
 * gets 408 {@code request_timeout} once {@code hashmatch.limits.body-timeout} (here 2 s) has passed since its
 * headers, headers over 8 KiB get 431 {@code header_too_large} and a request line over 4 KiB 414
 * {@code uri_too_long}, not {@code body_too_large}. Raw sockets on
 * loopback, so that the bytes sent are exactly those written here.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.limits.body-timeout", value = "2s")
class SlowAndLargeRequestTest extends ServedRoutesFixture {

    @Test
    void aBodyDrippingInIsCutOffWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/hash/image HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + TestKeys.MATCH
                            + "\r\nContent-Type: image/png\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            Thread drip = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: the point of the test
                }
            });
            String answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            drip.interrupt();
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(answer)
                    .endsWith("\r\n\r\n{\"error\":{\"code\":\"request_timeout\",\"message\":\"the request body did not"
                            + " arrive within 2 s of its headers (hashmatch.limits.body-timeout)\"}}");
            // well before the 200 s the drip would take
            assertThat(seconds).isBetween(1L, 60L);
        }
    }

    @Test
    void aBodyArrivingInTimeIsAnswered() {
        byte[] png = DemoManifest.testImage("syn_checker_32x32.png");
        assertThat(http.post("/v1/hash/image", "image/png", png).status()).isEqualTo(200);
    }

    @Test
    void headersOverTheLimitAre431() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream()
                    .write(("GET /v1/lists HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + TestKeys.MATCH
                                    + "\r\nX-Padding: " + "p".repeat(9000) + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 431 ");
            assertThat(answer)
                    .endsWith("\r\n\r\n{\"error\":{\"code\":\"header_too_large\",\"message\":\"the request headers are"
                            + " over the limit of 8192 bytes (micronaut.server.netty.max-header-size)\"}}");
        }
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream()
                    .write(("GET /v1/lists?x=" + "q".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                                    + TestKeys.MATCH + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 414 ");
            assertThat(answer)
                    .endsWith("\r\n\r\n{\"error\":{\"code\":\"uri_too_long\",\"message\":\"the request line is over"
                            + " the limit of 4096 bytes (micronaut.server.netty.max-initial-line-length)\"}}");
        }
    }

    /** Everything until the server closes the connection, or what came before a reset. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                b.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset after the answer
        }
        return b.toByteArray();
    }
}
