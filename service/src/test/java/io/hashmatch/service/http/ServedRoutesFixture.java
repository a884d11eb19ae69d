package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

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
}
