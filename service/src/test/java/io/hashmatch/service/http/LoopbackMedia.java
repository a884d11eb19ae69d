package io.hashmatch.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback web server for the routes that fetch a URL ({@code ?url=}), started before a test class's tests and
 * stopped after them ({@code @RegisterExtension static final LoopbackMedia MEDIA = new LoopbackMedia();}): it serves
 * {@link #PHOTO}'s image as {@code /photo.png} and a web page as {@code /page.html}; any other path is a 404.
 * Tests allow its host with {@code hashmatch.fetch.allowed-hosts[0]=127.0.0.1} and
 * {@code hashmatch.fetch.allowed-networks[0]=127.0.0.1/32}.
 */
final class LoopbackMedia implements BeforeAllCallback, AfterAllCallback {
    /** The photo served as {@code /photo.png}. */
    static final DemoManifest.Row PHOTO = HmaRoutesTest.TEXT;

    private HttpServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/photo.png", x -> send(x, "image/png", DemoManifest.testImage(PHOTO.image())));
        server.createContext(
                "/page.html",
                x -> send(x, "text/html; charset=utf-8", "<html></html>".getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop(0);
    }

    /** The server's port. */
    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static void send(HttpExchange x, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
