package io.hashmatch.service.lists;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.reactivestreams.Publisher;

/**
 * Readiness of {@code /health} (and {@code /health/readiness}): {@code DOWN} until the initial load of the lists
 * has finished with at least one list, and while a configured or uploaded list is not served because it failed to
 * load ({@code details.failed}: list → why); otherwise {@code UP} with each list's version, entry count and
 * checksum. A service that follows published lists adds {@code details.follow}: per source, the publication it
 * serves, its polls (and how many found the manifest unchanged), and why the last poll failed (a refused
 * publication, an unreachable source). A refused publication leaves readiness as it was: the replica keeps serving
 * the version it has.
 *
 * <p>Thread-safe.
 */
@Singleton
@Readiness
final class ListsHealthIndicator implements HealthIndicator {
    private final ListRegistry registry;

    ListsHealthIndicator(ListRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, String> failed;
        try (ListLease lease = registry.acquire()) {
            for (ListInfo l : lease.lists()) {
                details.put(l.name(), Map.of("version", l.version(), "entries", l.entries(), "checksum", l.checksum()));
            }
            failed = lease.failures();
        }
        java.util.List<Map<String, Object>> follow = new java.util.ArrayList<>();
        for (ListFollower.Status f : registry.following()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", f.source());
            if (f.serving() != null) {
                d.put("serving", f.serving());
            }
            d.put("polls", f.polls());
            d.put("notModified", f.notModified());
            if (f.problem() != null) {
                d.put("problem", f.problem());
            }
            follow.add(d);
        }
        if (!follow.isEmpty()) {
            details.put("follow", follow);
        }
        if (!failed.isEmpty()) {
            details.put("failed", new TreeMap<>(failed));
        }
        HealthStatus status = registry.isReady() && failed.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(
                HealthResult.builder("lists", status).details(details).build());
    }
}
