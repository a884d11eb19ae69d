package io.hashmatch.service.http;

import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one way the service's own Netty handlers join a connection: {@link #onEach} runs an installer on the pipeline of
 * every HTTP/1.1 connection once Micronaut has built it, with Netty's HTTP codec in it.
 *
 * <p>Stateless; thread-safe.
 */
public final class Http1Pipelines {
    private Http1Pipelines() {}

    /**
     * Registers {@code install} with {@code registry} (from a {@code BeanCreatedEventListener} of the registry), to
     * run once on each new HTTP/1.1 connection's pipeline, on the connection's event loop; it may place its handlers
     * after {@link ChannelPipelineCustomizer#HANDLER_HTTP_SERVER_CODEC}.
     */
    public static void onEach(NettyServerCustomizer.Registry registry, Consumer<ChannelPipeline> install) {
        registry.register(new Customizer(null, install));
    }

    private record Customizer(@Nullable Channel channel, Consumer<ChannelPipeline> install)
            implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel ch, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(ch, install) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            Channel ch = channel;
            if (ch != null && ch.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                install.accept(ch.pipeline());
            }
        }
    }
}
