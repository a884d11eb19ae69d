package io.hashmatch.service.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Answers what goes wrong while a request is being received, before Micronaut sees it, in the API's error shape:
 *
 * <ul>
 *   <li>a body must have arrived in full {@code hashmatch.limits.body-timeout} (default 60 s) after its headers,
 *       however it trickles in; Micronaut's idle timeouts only close a connection on which nothing at all arrives, so
 *       a client sending a byte now and then could hold a connection, and the buffers of its upload, as long as it
 *       liked. Over the deadline: 408 {@code request_timeout}; a request already answered (refused before its body
 *       was read) is just closed;</li>
 *   <li>headers over {@code micronaut.server.netty.max-header-size} (default 8 KiB): 431 {@code header_too_large};
 *       a request line over {@code micronaut.server.netty.max-initial-line-length} (default 4 KiB): 414
 *       {@code uri_too_long} (Micronaut would answer both 413, as if the body were too large).</li>
 * </ul>
 * The connection is closed after each of these answers, and each is reported to the {@link FramingRefusals} beans.
 *
 * <p>Installed on every HTTP/1.1 connection behind Netty's HTTP codec. Thread-safe: one handler per connection, run
 * on its event loop.
 */
@Singleton
final class RequestFraming implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private final Duration timeout;
    private final NettyHttpServerConfiguration netty;
    private final List<FramingRefusals> refusals;

    RequestFraming(
            @Value("${hashmatch.limits.body-timeout:60s}") Duration timeout,
            NettyHttpServerConfiguration netty,
            List<FramingRefusals> refusals) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("hashmatch.limits.body-timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.netty = netty;
        this.refusals = List.copyOf(refusals);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        Http1Pipelines.onEach(
                registry,
                pipeline -> pipeline.addAfter(
                        ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                        "hashmatch-request-framing",
                        new Handler()));
        return registry;
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** Times each request from its headers to its last content; answers requests Netty could not decode. */
    private final class Handler extends ChannelDuplexHandler {
        private @Nullable ScheduledFuture<?> timer;
        private @Nullable String uri;
        private boolean answered;
        private boolean expired;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (expired) {
                ReferenceCountUtil.release(msg); // the connection is closing: nothing more is read
                return;
            }
            if (msg instanceof HttpRequest request
                    && (request.decoderResult().cause() instanceof TooLongHttpHeaderException
                            || request.decoderResult().cause() instanceof TooLongHttpLineException)) {
                ReferenceCountUtil.release(msg);
                cancel();
                expired = true;
                Throwable cause = request.decoderResult().cause();
                uri = cause instanceof TooLongHttpLineException ? null : request.uri();
                if (cause instanceof TooLongHttpLineException) {
                    answer(
                            ctx,
                            HttpResponseStatus.REQUEST_URI_TOO_LONG,
                            error(
                                    "uri_too_long",
                                    "the request line is over the limit of " + netty.getMaxInitialLineLength()
                                            + " bytes (micronaut.server.netty.max-initial-line-length)"));
                } else {
                    answer(
                            ctx,
                            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                            error(
                                    "header_too_large",
                                    "the request headers are over the limit of " + netty.getMaxHeaderSize()
                                            + " bytes (micronaut.server.netty.max-header-size)"));
                }
                return;
            }
            if (msg instanceof HttpRequest request) {
                cancel();
                answered = false;
                uri = request.uri();
                if (!(msg instanceof LastHttpContent)
                        && (HttpUtil.getContentLength(request, 0L) > 0
                                || HttpUtil.isTransferEncodingChunked(request))) {
                    timer = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
            if (msg instanceof LastHttpContent) {
                cancel();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                answered = true; // a 100 Continue asks for the body: the request is not answered yet
            }
            ChannelFuture _ = ctx.write(msg, promise); // the promise carries the outcome to the writer
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        private void cancel() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
                timer = null;
            }
        }

        private void expire(ChannelHandlerContext ctx) {
            timer = null;
            expired = true;
            if (answered) {
                ChannelFuture _ = ctx.close(); // nothing to report a failed close to
                return;
            }
            answer(
                    ctx,
                    HttpResponseStatus.REQUEST_TIMEOUT,
                    error(
                            "request_timeout",
                            "the request body did not arrive within " + timeout.toSeconds()
                                    + " s of its headers (hashmatch.limits.body-timeout)"));
        }

        /** Writes a JSON error and closes the connection. */
        private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            for (FramingRefusals r : refusals) {
                r.refused(ctx.channel().remoteAddress(), uri, status.code());
            }
        }
    }
}
