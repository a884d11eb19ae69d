package io.hashmatch.service.http;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes the answers an event loop wrote in one round together: a flush asked for on a connection is held until the
 * loop has handled every connection that was ready (a task after the round's reads), at most {@link #MAX_HELD} per
 * loop, then the held flushes are done one after the other. Each flush writes to the client's socket, and over
 * loopback, with few cores, a write to a client thread that sleeps also wakes it: an interrupt to the other core,
 * often the preemption of the event loop running there. Answers flushed together wake a busy client once rather than
 * once each (bench/RESULTS.md, "PDQ lookups through the service: answers flushed per event-loop round"). An answer
 * is held at most as long as the round's other requests take; a loop with one ready connection flushes at once.
 *
 * <p>On unless {@code hashmatch.server.round-flush} is {@code false}. Installed first in every HTTP/1.1 connection's
 * pipeline, so that it holds the flush to the socket, after every other handler has written. A close or disconnect
 * flushes what is held first. Thread-safe: one handler per connection, run on its event loop, and one {@link Round}
 * per event-loop thread.
 */
@Singleton
@Requires(property = RoundFlush.ENABLED, notEquals = StringUtils.FALSE)
final class RoundFlush implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    /** The switch: {@code false} flushes every answer as soon as it is written. */
    static final String ENABLED = "hashmatch.server.round-flush";

    /** Flushes held per event loop at most; the next one flushes them all at once. */
    static final int MAX_HELD = 16;

    private static final FastThreadLocal<Round> ROUNDS = new FastThreadLocal<>() {
        @Override
        protected Round initialValue() {
            return new Round();
        }
    };

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        NettyServerCustomizer.Registry registry = event.getBean();
        Http1Pipelines.onEach(registry, pipeline -> pipeline.addFirst("hashmatch-round-flush", new Handler()));
        return registry;
    }

    /** Holds one connection's flushes until its loop's round ends. */
    static final class Handler extends ChannelOutboundHandlerAdapter {
        private boolean held;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (held) {
                return; // flushed with the round, this write included
            }
            Round round = ROUNDS.get();
            if (round.handlers.size() >= MAX_HELD) {
                round.run();
                ctx.flush();
                return;
            }
            held = true;
            round.hold(this, ctx);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            flushHeld(ctx);
            ChannelFuture _ = ctx.close(promise); // the promise is the caller's: it sees the outcome
        }

        @Override
        public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
            flushHeld(ctx);
            ChannelFuture _ = ctx.disconnect(promise); // likewise
        }

        void flushHeld(ChannelHandlerContext ctx) {
            if (held) {
                held = false;
                ctx.flush();
            }
        }
    }

    /** The flushes held on one event loop, done by a task the first of them queued. */
    private static final class Round implements Runnable {
        private final List<Handler> handlers = new ArrayList<>();
        private final List<ChannelHandlerContext> contexts = new ArrayList<>();

        void hold(Handler handler, ChannelHandlerContext ctx) {
            boolean first = handlers.isEmpty();
            handlers.add(handler);
            contexts.add(ctx);
            if (first) {
                try {
                    ctx.executor().execute(this);
                } catch (RejectedExecutionException e) { // the loop is shutting down: no round to wait for
                    run();
                }
            }
        }

        @Override
        public void run() {
            // a flush may close a connection, whose close reaches its handler again: it finds nothing held
            for (int i = 0; i < handlers.size(); i++) {
                handlers.get(i).flushHeld(contexts.get(i));
            }
            handlers.clear();
            contexts.clear();
        }
    }
}
