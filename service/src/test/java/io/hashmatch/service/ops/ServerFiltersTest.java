package io.hashmatch.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.management.endpoint.health.filter.HealthResultFilter;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every server filter of the running service, Micronaut's included, registers for every path and every method: one
 * filter with paths or methods of its own makes the router match each request against them and sort the chain again.
 */
@MicronautTest(startApplication = false)
@Property(name = "hashmatch.watch", value = "false")
class ServerFiltersTest {
    @Inject
    ApplicationContext context;

    @Test
    void everyFilterMatchesEveryRequest() {
        Map<String, List<String>> filters = new TreeMap<>();
        for (BeanDefinition<?> d : context.getBeanDefinitions(Qualifiers.byStereotype(ServerFilter.class))) {
            List<String> conditions = new ArrayList<>();
            for (String pattern : d.stringValues(ServerFilter.class)) {
                conditions.add(context.getEnvironment().getPlaceholderResolver().resolveRequiredPlaceholders(pattern));
            }
            for (String pattern : d.stringValues(ServerFilter.class, "patterns")) {
                conditions.add(context.getEnvironment().getPlaceholderResolver().resolveRequiredPlaceholders(pattern));
            }
            for (HttpMethod method : d.enumValues(ServerFilter.class, "methods", HttpMethod.class)) {
                conditions.add(method.name());
            }
            filters.put(d.getBeanType().getName(), conditions);
        }
        assertThat(filters)
                .containsKeys(
                        HealthStatusFilter.class.getName(),
                        "io.hashmatch.service.audit.AuditFilter",
                        "io.hashmatch.service.security.ApiKeyFilter",
                        RequestTimers.class.getName())
                .doesNotContainKeys(
                        HealthResultFilter.class.getName(),
                        "io.micronaut.configuration.metrics.binder.web.ServerMetricsFilter")
                .allSatisfy(
                        (type, conditions) -> assertThat(conditions).as(type).containsOnly("/**"));
    }
}
