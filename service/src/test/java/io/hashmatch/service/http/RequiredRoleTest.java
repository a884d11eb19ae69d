package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The seam for authentication: every route of the service's controllers declares its role, as the router (and so a
 * security filter) sees it, and the roles are the intended ones (liveness open, list changes admin).
 */
@MicronautTest(startApplication = false)
@Property(name = "hashmatch.watch", value = "false")
class RequiredRoleTest {
    @Inject
    Router router;

    @Test
    void everyRouteDeclaresItsRole() {
        Map<String, Set<String>> roles = router.uriRoutes()
                .filter(r -> r.getDeclaringType().getPackageName().equals(RequiredRoleTest.class.getPackageName()))
                .filter(r -> r.getHttpMethod() != HttpMethod.HEAD) // added by the router for every GET
                .collect(Collectors.groupingBy(
                        RequiredRoleTest::key,
                        TreeMap::new,
                        Collectors.mapping(
                                r -> r.getAnnotationMetadata()
                                        .enumValue(RequiredRole.class, Role.class)
                                        .map(Role::name)
                                        .orElse("MISSING"),
                                Collectors.toCollection(TreeSet::new))));
        assertThat(roles)
                .containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
                        Map.entry("DELETE /v1/lists/{name}", Set.of("ADMIN")),
                        Map.entry("GET /c/banks", Set.of("CURATE")),
                        Map.entry("POST /c/banks", Set.of("CURATE")),
                        Map.entry("GET /c/bank/{name}", Set.of("CURATE")),
                        Map.entry("DELETE /c/bank/{name}", Set.of("CURATE")),
                        Map.entry("PUT /c/bank/{name}", Set.of("CURATE")),
                        Map.entry("POST /c/bank/{name}/signal", Set.of("CURATE")),
                        Map.entry("GET /c/bank/{name}/content/{id}", Set.of("CURATE")),
                        Map.entry("DELETE /c/bank/{name}/content/{id}", Set.of("CURATE")),
                        Map.entry("GET /h/hash", Set.of("MATCH")),
                        Map.entry("GET /m/lookup", Set.of("MATCH")),
                        Map.entry("GET /m/raw_lookup", Set.of("MATCH")),
                        Map.entry("GET /m/index/status", Set.of("MATCH")),
                        Map.entry("POST /m/compare", Set.of("MATCH")),
                        Map.entry("GET /status", Set.of("NONE")),
                        Map.entry("GET /status/live", Set.of("NONE")),
                        Map.entry("GET /v1/lists", Set.of("MATCH")),
                        Map.entry("POST /h/hash", Set.of("MATCH")),
                        Map.entry("POST /m/lookup", Set.of("MATCH")),
                        Map.entry("POST /v1/hash/image", Set.of("MATCH")),
                        Map.entry("POST /v1/match/hashes", Set.of("MATCH")),
                        Map.entry("POST /v1/match/image", Set.of("MATCH")),
                        Map.entry("POST /v1/match/video", Set.of("MATCH")),
                        Map.entry("PUT /v1/lists/{name}", Set.of("ADMIN")),
                        Map.entry("GET /v1/exchanges", Set.of("ADMIN")),
                        Map.entry("GET /v1/exchanges/{name}", Set.of("ADMIN")),
                        Map.entry("POST /v1/exchanges/{name}/sync", Set.of("ADMIN")),
                        Map.entry("POST /v1/exchanges/{name}/feedback", Set.of("ADMIN")),
                        Map.entry("GET /c/exchanges", Set.of("CURATE")),
                        Map.entry("GET /c/exchange/{name}", Set.of("CURATE")),
                        Map.entry("PUT /c/exchange/{name}", Set.of("CURATE")),
                        Map.entry("DELETE /c/exchange/{name}", Set.of("CURATE")),
                        Map.entry("GET /c/exchange/{name}/status", Set.of("CURATE")),
                        Map.entry("GET /c/signal_type", Set.of("CURATE")),
                        Map.entry("GET /c/content_type", Set.of("CURATE")),
                        Map.entry("GET /site-map", Set.of("MATCH")),
                        Map.entry("POST /v1/lists/{name}/entries", Set.of("CURATE")),
                        Map.entry("GET /v1/lists/{name}/entries/{entry}", Set.of("CURATE")),
                        Map.entry("DELETE /v1/lists/{name}/entries/{entry}", Set.of("CURATE")),
                        Map.entry("POST /c/bank/{name}/content", Set.of("CURATE")),
                        Map.entry("PUT /c/bank/{name}/content/{id}", Set.of("CURATE")),
                        Map.entry("GET /c/exchanges/apis", Set.of("CURATE")),
                        Map.entry("GET /c/exchanges/api/{name}", Set.of("CURATE")),
                        Map.entry("POST /c/exchanges/api/{name}", Set.of("ADMIN")),
                        Map.entry("POST /c/exchanges", Set.of("CURATE")),
                        Map.entry("GET /c/signal_type/index", Set.of("CURATE")),
                        Map.entry("GET /v1/exchanges/{name}/feedback/reasons", Set.of("ADMIN")),
                        Map.entry("GET /c/exchanges/api/{name}/schema", Set.of("CURATE")))));
    }

    private static String key(UriRouteInfo<?, ?> r) {
        HttpMethod m = r.getHttpMethod();
        return m + " " + r.getUriMatchTemplate().toString();
    }
}
