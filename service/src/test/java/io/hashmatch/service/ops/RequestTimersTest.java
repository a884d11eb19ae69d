package io.hashmatch.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestTimers} exposes on {@code /prometheus} exactly the {@code http_server_requests_seconds} series that
 * micronaut-micrometer's own server filter exposes for the same requests: one server with that filter (web metrics
 * on), one with this one (the service's configuration), the same requests to both, answers of every kind (routes with
 * and without variables, HEAD, 4xx from the API's exception handlers, from Micronaut and from the key filter, no
 * route, static files). Compared: every series name and label set, {@code le} buckets included, and every count;
 * not the times.
 */
class RequestTimersTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String LIBRARY_FILTER = "io.micronaut.configuration.metrics.binder.web.ServerMetricsFilter";
    /** A sample line: series (name and labels) and value. */
    private static final Pattern SAMPLE = Pattern.compile("^(http_server_requests_seconds\\w*\\{[^}]*}) (\\S+)$");

    /** One request: method, path, API key (none if null), content type and body (none if null). */
    private record Call(
            String method,
            String path,
            @Nullable String key,
            @Nullable String type,
            @Nullable String body) {
        static Call get(String path, @Nullable String key) {
            return new Call("GET", path, key, null, null);
        }

        static Call json(String path, String body) {
            return new Call("POST", path, TestKeys.ADMIN, "application/json", body);
        }
    }

    private static final List<Call> CALLS = List.of(
            Call.json("/v1/match/hashes", "{\"hashes\":[\"" + PDQ + "\"]}"),
            Call.json("/v1/match/hashes", "{\"hashes\":[\"" + PDQ + "\"]}"),
            Call.json("/v1/match/hashes", "{"),
            new Call("POST", "/v1/match/hashes", TestKeys.ADMIN, "text/plain", "x"),
            new Call("DELETE", "/v1/match/hashes", TestKeys.ADMIN, null, null),
            Call.get("/m/lookup?signal_type=pdq&signal=" + PDQ, TestKeys.ADMIN),
            Call.get("/m/lookup?signal_type=pdq&signal=" + PDQ, null),
            Call.get("/m/lookup?signal_type=nope&signal=x", TestKeys.ADMIN),
            Call.get("/prometheus", TestKeys.MATCH),
            Call.get("/no/such//route/", TestKeys.ADMIN),
            Call.get("/no/such/route", null),
            Call.get("/health", null),
            Call.get("/status", null),
            Call.get("/console", null),
            Call.get("/console/", null),
            Call.get("/swagger-ui/index.html", null),
            Call.get("/c/bank/nope", TestKeys.ADMIN),
            Call.get("/v1/lists", TestKeys.ADMIN),
            new Call("HEAD", "/v1/lists", TestKeys.ADMIN, null, null),
            Call.get("/v1/lists/nope/entries/abc", TestKeys.ADMIN));

    @Test
    void exposesTheSeriesOfMicronautsServerFilter() throws Exception {
        Map<String, String> library = series(true);
        Map<String, String> ours = series(false);
        assertThat(ours).isEqualTo(library);
        assertThat(ours)
                .containsEntry(
                        "http_server_requests_seconds_count{exception=\"none\",method=\"POST\",status=\"200\","
                                + "uri=\"/v1/match/hashes\"}",
                        "2")
                .containsEntry(
                        "http_server_requests_seconds_bucket{exception=\"ApiException\",method=\"POST\","
                                + "status=\"400\",uri=\"/v1/match/hashes\",le=\"+Inf\"}",
                        "1")
                // refused by the key filter: in the audit log, not in the timer, with either filter
                .containsEntry("answer 06: GET /m/lookup?signal_type=pdq&signal=" + PDQ, "401")
                .containsEntry("answer 08: GET /prometheus", "403")
                .containsEntry("answer 04: DELETE /v1/match/hashes", "405")
                .containsEntry("answer 18: HEAD /v1/lists", "200");
        assertThat(ours.keySet()).noneMatch(k -> k.contains("status=\"401\"") || k.contains("status=\"403\""));
    }

    @Test
    void templatesLoseDoubledAndTrailingSlashes() {
        assertThat(RequestTimers.sanitized("/v1/lists/{name}")).isEqualTo("/v1/lists/{name}");
        assertThat(RequestTimers.sanitized("/console/")).isEqualTo("/console");
        assertThat(RequestTimers.sanitized("//a///b//")).isEqualTo("/a/b");
        assertThat(RequestTimers.sanitized("/")).isEqualTo("root");
        assertThat(RequestTimers.sanitized("")).isEqualTo("root");
        assertThat(RequestTimers.sanitized("UNMATCHED_URI")).isEqualTo("UNMATCHED_URI");
    }

    /**
     * The status of each of {@link #CALLS} ({@code answer NN: METHOD PATH}) and the {@code http_server_requests_seconds}
     * samples after them, the value kept for counts and the {@code +Inf} bucket (the count again), replaced by
     * {@code *} where it is a time or a time's bucket.
     */
    private static Map<String, String> series(boolean libraryFilter) throws IOException, InterruptedException {
        Map<String, Object> props = new HashMap<>();
        props.put("hashmatch.watch", "false");
        props.put(RequestTimers.WEB_METRICS, libraryFilter);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, Environment.TEST)) {
            ApplicationContext context = server.getApplicationContext();
            assertThat(context.getBean(ListRegistry.class).awaitReady(Duration.ofMinutes(2)))
                    .isTrue();
            List<String> filters = new ArrayList<>();
            for (BeanDefinition<?> d : context.getBeanDefinitions(Qualifiers.byStereotype(ServerFilter.class))) {
                filters.add(d.getBeanType().getName());
            }
            assertThat(filters.contains(LIBRARY_FILTER)).isEqualTo(libraryFilter);
            assertThat(filters.contains(RequestTimers.class.getName())).isEqualTo(!libraryFilter);
            Map<String, String> samples = new TreeMap<>();
            for (int i = 0; i < CALLS.size(); i++) {
                Call c = CALLS.get(i);
                samples.put(
                        String.format(Locale.ROOT, "answer %02d: %s %s", i, c.method(), c.path()),
                        Integer.toString(send(server, c).statusCode()));
            }
            HttpResponse<String> scrape = send(server, Call.get("/prometheus", TestKeys.ADMIN));
            assertThat(scrape.statusCode()).isEqualTo(200);
            for (String line : scrape.body().split("\n")) {
                if (line.startsWith("# HELP http_server_requests_seconds")
                        || line.startsWith("# TYPE http_server_requests_seconds")) {
                    samples.put(line, "");
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                if (m.matches()) {
                    String key = m.group(1);
                    boolean count =
                            key.startsWith("http_server_requests_seconds_count{") || key.contains("le=\"+Inf\"");
                    samples.put(key, count ? m.group(2) : "*");
                }
            }
            return samples;
        }
    }

    private static HttpResponse<String> send(EmbeddedServer server, Call c) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.getURL() + c.path()))
                .timeout(Duration.ofSeconds(60))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.key() != null) {
            b.header("X-API-Key", c.key());
        }
        if (c.type() != null) {
            b.header("Content-Type", c.type());
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
