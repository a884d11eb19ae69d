package io.hashmatch.service.http;

import io.hashmatch.service.security.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A plain JDK HTTP client against the embedded server: status, content type and body exactly as sent. Every request
 * carries the test admin key ({@link TestKeys#ADMIN}) unless made with {@link #Http(URL, String)}.
 */
final class Http {
    /** One answer. */
    record Answer(int status, String contentType, String body) {}

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String BOUNDARY = "hashmatch-test-boundary-7MA4YWxkTrZu0gW";

    private final String base;
    private final @Nullable String apiKey;

    Http(URL server) {
        this(server, TestKeys.ADMIN);
    }

    /** A client sending {@code apiKey} as {@code X-API-Key}, or no key if null. */
    Http(URL server, @Nullable String apiKey) {
        String s = server.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.apiKey = apiKey;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Answer postJson(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** POSTs no body and no Content-Type, as {@code curl -X POST} does. */
    Answer postNothing(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer put(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * The value of one sample of {@code GET /prometheus} ({@code name{label="value"}}, the first label given), 0 if
     * absent; the client's key must be an admin's.
     */
    double metric(String sample) {
        Answer a = get("/prometheus");
        if (a.status() != 200) {
            throw new IllegalStateException("GET /prometheus: " + a.status() + " " + a.body());
        }
        String labels = sample.substring(0, sample.length() - 1);
        Matcher m = Pattern.compile("^" + Pattern.quote(labels) + ",?} (\\S+)$", Pattern.MULTILINE)
                .matcher(a.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** POSTs a multipart/form-data body with one file part named {@code field}. */
    Answer postFile(String path, String field, byte[] file) {
        return post(path, "multipart/form-data; boundary=" + BOUNDARY, multipart(field, file));
    }

    static byte[] multipart(String field, byte[] file) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field
                        + "\"; filename=\"upload.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(file);
        b.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private Answer send(HttpRequest.Builder request) {
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        try {
            HttpResponse<String> r =
                    CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
