package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code hashmatch.server.round-flush} decides whether a real HTTP/1.1 connection of the service gets
 * {@link RoundFlush}'s handler, first in its pipeline (nearest the socket, where it holds every flush), or none (each
 * answer flushed as soon as it is written). What the handler does on an event loop: {@link RoundFlushLoopTest}.
 */
class RoundFlushSwitchTest {
    private static final String PROBE = "hashmatch.test.connection-probe";
    private static final String HANDLER = "hashmatch-round-flush";

    @Test
    void onByDefaultTheHandlerIsNearestTheSocket() throws Exception {
        List<String> names = pipelineOfAConnection(null);
        assertThat(names).contains(HANDLER);
        assertThat(names.getFirst()).isEqualTo(HANDLER);
    }

    @Test
    void offNoConnectionHasIt() throws Exception {
        assertThat(pipelineOfAConnection("false")).isNotEmpty().doesNotContain(HANDLER);
    }

    /** The handler names of the pipeline of a connection that has been answered, with the switch set to {@code on}. */
    private static List<String> pipelineOfAConnection(@Nullable String on) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("hashmatch.watch", "false");
        props.put(PROBE, "true");
        if (on != null) {
            props.put(RoundFlush.ENABLED, on);
        }
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, Environment.TEST);
                Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream()
                    .write("GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 ");
            List<Channel> connections = server.getApplicationContext().getBean(ConnectionProbe.class).connections;
            assertThat(connections).hasSize(1);
            return connections.getFirst().pipeline().names();
        }
    }

    /** Records every HTTP/1.1 connection of a context that sets {@link #PROBE}. */
    @Singleton
    @Requires(property = PROBE, value = "true")
    static final class ConnectionProbe implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
        final List<Channel> connections = new CopyOnWriteArrayList<>();

        @Override
        public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
            Http1Pipelines.onEach(event.getBean(), pipeline -> connections.add(pipeline.channel()));
            return event.getBean();
        }
    }
}
