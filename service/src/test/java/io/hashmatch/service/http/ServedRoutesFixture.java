package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/**
 * What route tests over real HTTP start from: the embedded server of the subclass's {@code @MicronautTest}, its list
 * registry, and a client carrying the test admin key, made once the lists are loaded.
 */
abstract class ServedRoutesFixture {
    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    Http http;

    @BeforeEach
    void awaitListsAndConnect() throws InterruptedException {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        http = new Http(server.getURL());
    }

    /** The served list named {@code name}, which must exist. */
    ListInfo served(String name) {
        try (ListLease lease = registry.acquire()) {
            ListInfo info = lease.list(name);
            assertThat(info).as(name).isNotNull();
            return info;
        }
    }

    /** The checksum of the served list named {@code name}. */
    String checksum(String name) {
        return served(name).checksum();
    }

    /** The version of the served list named {@code name}. */
    String version(String name) {
        return served(name).version();
    }
}
