package io.hashmatch.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.MediaType;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security matrix over real HTTP, for every route the {@link Router} knows (so a route added later is covered
 * without touching this test): no key and a wrong key → 401, a key of too small a role → 403, the right role → neither
 * (whatever the route then answers to the empty request). A route without a role in {@link RouteRoles} fails.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String BOUNDARY = "matrix-boundary-1c9e";
    /** A well-formed key that is not configured. */
    private static final String WRONG_KEY = ApiKeys.generate();

    @Inject
    EmbeddedServer server;

    @Inject
    Router router;

    /** One request per route (two for {@code /health/{selector}}: its role depends on the selector). */
    record Case(
            String method,
            String template,
            String path,
            @Nullable String contentType,
            @Nullable Role role) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    Stream<Case> routes() {
        List<Case> cases = new ArrayList<>();
        router.uriRoutes()
                .sorted(Comparator.comparing((UriRouteInfo<?, ?> r) ->
                                r.getUriMatchTemplate().toString())
                        .thenComparing(UriRouteInfo::getHttpMethodName))
                .forEach(r -> {
                    String template = r.getUriMatchTemplate().toString();
                    List<String> selectors =
                            template.contains("{selector}") ? List.of("liveness", "readiness") : List.of("x");
                    for (String selector : selectors) {
                        Map<String, Object> vars =
                                Map.of("name", "no-such-list", "selector", selector, "id", "1", "entry", "1");
                        String path = r.getUriMatchTemplate().expand(vars);
                        List<MediaType> consumes = r.getConsumes();
                        String contentType =
                                consumes.isEmpty() || r.getHttpMethodName().equals("GET")
                                        ? null
                                        : consumes.get(0).toString();
                        cases.add(new Case(r.getHttpMethodName(), template, path, contentType, RouteRoles.of(r, vars)));
                    }
                });
        return cases.stream();
    }

    @Test
    void coversTheServiceRoutes() {
        assertThat(routes().map(Case::toString))
                .contains(
                        "POST /v1/match/hashes",
                        "PUT /v1/lists/no-such-list",
                        "GET /status",
                        "GET /status/live",
                        "GET /health/liveness",
                        "GET /health/readiness",
                        "GET /prometheus",
                        "POST /c/bank/no-such-list/content",
                        "PUT /c/bank/no-such-list/content/1",
                        "GET /c/exchanges/apis",
                        "GET /c/exchanges/api/no-such-list",
                        "POST /c/exchanges/api/no-such-list",
                        "POST /c/exchanges",
                        "GET /c/signal_type/index",
                        "GET /v1/exchanges/no-such-list/feedback/reasons",
                        "GET /c/exchanges/api/no-such-list/schema");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void everyRouteHasARole(Case c) {
        assertThat(c.role())
                .as("role of %s %s (add a @RequiredRole or a RouteRoles entry)", c.method(), c.template())
                .isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void noKeyAndAWrongKeyAre401(Case c) {
        if (c.role() == Role.NONE) {
            assertThat(send(c, null).status()).isNotIn(401, 403);
            assertThat(send(c, WRONG_KEY).status())
                    .as("an open route ignores keys")
                    .isNotIn(401, 403);
            return;
        }
        boolean head = c.method().equals("HEAD"); // no body in an answer to HEAD
        Answer none = send(c, null);
        assertThat(none.status()).as(c.toString()).isEqualTo(401);
        assertThat(none.body())
                .as(c.toString())
                .isEqualTo(
                        head
                                ? ""
                                : "{\"error\":{\"code\":\"missing_api_key\","
                                        + "\"message\":\"an API key is required: send it as Authorization: Bearer <key> or X-API-Key: <key>\"}}");
        assertThat(none.wwwAuthenticate()).isEqualTo("Bearer realm=\"hashmatch\"");
        Answer wrong = send(c, WRONG_KEY);
        assertThat(wrong.status()).as(c.toString()).isEqualTo(401);
        assertThat(wrong.body())
                .as(c.toString())
                .isEqualTo(
                        head
                                ? ""
                                : "{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"the API key is not valid\"}}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void tooSmallARoleIs403AndTheRightRolePasses(Case c) {
        if (c.role() == null || c.role() == Role.NONE) {
            return;
        }
        Map<Role, String> keys = Map.of(
                Role.MATCH,
                TestKeys.MATCH,
                Role.CURATE,
                TestKeys.CURATE,
                Role.HOTLINE,
                TestKeys.HOTLINE,
                Role.ADMIN,
                TestKeys.ADMIN);
        for (Role role : List.of(Role.MATCH, Role.CURATE, Role.HOTLINE, Role.ADMIN)) {
            Answer a = send(c, keys.get(role));
            String name = role.name().toLowerCase(java.util.Locale.ROOT);
            if (role.compareTo(c.role()) < 0) {
                assertThat(a.status()).as("%s with a %s key", c, name).isEqualTo(403);
                assertThat(a.body())
                        .as(c.toString())
                        .isEqualTo(
                                c.method().equals("HEAD")
                                        ? ""
                                        : "{\"error\":{\"code\":\"forbidden\",\"message\":\"this route needs the "
                                                + c.role().name().toLowerCase(java.util.Locale.ROOT)
                                                + " role; key 'test-"
                                                + name + "' has the " + name + " role\"}}");
            } else {
                assertThat(a.status()).as("%s with a %s key", c, name).isNotIn(401, 403);
            }
        }
    }

    @Test
    void theKeyMayComeAsABearerToken() {
        Case lists = new Case("GET", "/v1/lists", "/v1/lists", null, Role.MATCH);
        assertThat(sendWith(lists, "Authorization", "Bearer " + TestKeys.MATCH).status())
                .isEqualTo(200);
        assertThat(sendWith(lists, "Authorization", "bearer " + TestKeys.MATCH).status())
                .isEqualTo(200);
        assertThat(sendWith(lists, "Authorization", "Bearer " + WRONG_KEY).status())
                .isEqualTo(401);
        Answer basic = sendWith(lists, "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.body())
                .isEqualTo("{\"error\":{\"code\":\"invalid_api_key\",\"message\":\"the Authorization header"
                        + " must be \\\"Bearer <key>\\\"\"}}");
    }

    @Test
    void unknownRoutesNeedAKeyBeforeTheyAre404() {
        Case unknown = new Case("GET", "", "/v1/no-such-route", null, Role.MATCH);
        assertThat(send(unknown, null).status()).isEqualTo(401);
        assertThat(send(unknown, TestKeys.MATCH).status()).isEqualTo(404);
        Case traversal = new Case("GET", "", "/swagger/../v1/lists", null, Role.MATCH);
        assertThat(send(traversal, null).status()).isIn(400, 401, 404);
    }

    record Answer(int status, String body, String wwwAuthenticate) {}

    private Answer send(Case c, @Nullable String key) {
        return key == null ? sendWith(c, null, null) : sendWith(c, "X-API-Key", key);
    }

    private Answer sendWith(Case c, @Nullable String header, @Nullable String value) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.getURL() + c.path())).timeout(Duration.ofSeconds(60));
        byte[] body = new byte[0];
        if (c.contentType() != null) {
            String type = c.contentType();
            if (type.startsWith(MediaType.MULTIPART_FORM_DATA)) {
                type = MediaType.MULTIPART_FORM_DATA + "; boundary=" + BOUNDARY;
                body = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            }
            b.header("Content-Type", type);
        }
        if (header != null && value != null) {
            b.header(header, value);
        }
        b.method(
                c.method(),
                c.contentType() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(),
                    r.body(),
                    r.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
