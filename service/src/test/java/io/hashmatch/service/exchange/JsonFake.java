package io.hashmatch.service.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server answering with a handler the test gives; records each request line and body. */
final class JsonFake implements AutoCloseable {
    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        /** The answer: status and body. */
        Answer answer(HttpExchange x, String body) throws IOException;
    }

    record Answer(int status, String body, String... headers) {}

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    JsonFake(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            try (x) {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(x.getRequestMethod() + " " + x.getRequestURI() + (body.isEmpty() ? "" : " " + body));
                Answer a = handler.answer(x, body);
                for (int i = 0; i + 1 < a.headers().length; i += 2) {
                    x.getResponseHeaders().set(a.headers()[i], a.headers()[i + 1]);
                }
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
