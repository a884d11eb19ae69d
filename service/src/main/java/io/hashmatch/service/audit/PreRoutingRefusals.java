package io.hashmatch.service.audit;

import io.hashmatch.service.http.FramingRefusals;
import io.hashmatch.service.http.Http1Pipelines;
import io.hashmatch.service.security.ClientAddresses;
import io.hashmatch.service.security.RouteRoles;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Counts the requests the HTTP decoder refuses before any route or filter sees them (a header or request line over
 * the size limit, a malformed request line) with the other refused requests ({@link AuditLog#refused}), under the
 * status they are answered with: a handler beside Netty's HTTP codec notes a request that failed to decode and counts
 * the next response written on its connection.
 *
 * <p>Thread-safe (one handler per connection, used by its event loop only).
 */
@Singleton
@Requires(notEnv = Environment.CLI)
final class PreRoutingRefusals implements BeanCreatedEventListener<NettyServerCustomizer.Registry>, FramingRefusals {
    static final String HANDLER = "hashmatch-pre-routing-refusals";

    private final BeanProvider<AuditLog> log;

    PreRoutingRefusals(BeanProvider<AuditLog> log) {
        this.log = log;
    }

    /** The requests {@code RequestFraming} answers itself (it does not pass them on): counted here. */
    @Override
    public void refused(SocketAddress peer, @Nullable String uri, int status) {
        log.get().refused(Instant.now(), client(peer, uri), null, status);
    }

    /**
     * The client a refusal is counted under: {@link ClientAddresses#WITHHELD} for the report page's paths, whose
     * reporters' addresses are never written, otherwise the peer's address.
     */
    private static String client(@Nullable SocketAddress peer, @Nullable String uri) {
        if (uri != null) {
            int query = uri.indexOf('?');
            if (RouteRoles.isReportPage(query < 0 ? uri : uri.substring(0, query))) {
                return ClientAddresses.WITHHELD;
            }
        }
        return peer instanceof InetSocketAddress a && a.getAddress() != null
                ? ClientAddresses.normalize(a.getAddress().getHostAddress())
                : "unknown";
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        Http1Pipelines.onEach(event.getBean(), pipeline -> {
            if (pipeline.get(HANDLER) == null) {
                pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, HANDLER, new Handler(log));
            }
        });
        return event.getBean();
    }

    private static final class Handler extends ChannelDuplexHandler {
        private final BeanProvider<AuditLog> log;
        private boolean refusedPending;
        private @Nullable String refusedUri;

        Handler(BeanProvider<AuditLog> log) {
            this.log = log;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            // headers or a request line over the limit are answered, and reported, by RequestFraming
            if (msg instanceof HttpRequest r
                    && r.decoderResult().isFailure()
                    && !(r.decoderResult().cause() instanceof TooLongHttpHeaderException)
                    && !(r.decoderResult().cause() instanceof TooLongHttpLineException)) {
                refusedPending = true;
                refusedUri = r.uri();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (refusedPending && msg instanceof HttpResponse r) {
                refusedPending = false;
                log.get()
                        .refused(
                                Instant.now(),
                                client(ctx.channel().remoteAddress(), refusedUri),
                                null,
                                r.status().code());
            }
            super.write(ctx, msg, promise);
        }
    }
}
