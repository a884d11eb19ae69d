package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RoundFlush.Handler} on a real event loop (one thread, in-VM {@link LocalChannel} connections): the answers
 * written within one task of the loop reach the transport after that task, together, before the loop's next task, and
 * at once when more than {@link RoundFlush#MAX_HELD} connections hold one. A counter between the handler and the
 * transport sees every flush that leaves the pipeline. Nothing here waits for time to pass: the order of the loop's
 * tasks decides every count.
 */
class RoundFlushLoopTest {
    private static final int CONNECTIONS = RoundFlush.MAX_HELD + 3;

    private EventLoopGroup serverLoop;
    private EventLoopGroup clientLoop;
    private Channel listener;
    /** The server's side of each connection, in the order of {@link #clients}. */
    private final List<Channel> accepted = new ArrayList<>();

    private final List<Channel> clients = new ArrayList<>();
    /** What each client received, one entry per read the transport delivered. */
    private final List<BlockingQueue<String>> received = new ArrayList<>();

    /** Flushes that left the pipeline of each accepted connection, counted on the server's loop. */
    private final FlushCounter counter = new FlushCounter();

    @BeforeEach
    void connect() throws Exception {
        start(ch -> new ChannelHandler[] {counter, new RoundFlush.Handler()});
    }

    /** Binds a server whose connections get the handlers {@code pipeline} gives, and connects the clients. */
    private void start(Function<Channel, ChannelHandler[]> pipeline) throws Exception {
        serverLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        clientLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        LocalAddress address = new LocalAddress(RoundFlushLoopTest.class);
        List<Channel> children = new CopyOnWriteArrayList<>();
        listener = new ServerBootstrap()
                .group(serverLoop)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // head <- counter <- round flush <- tail: every flush that passes the handler is counted
                        ch.pipeline().addLast(pipeline.apply(ch));
                        children.add(ch);
                    }
                })
                .bind(address)
                .sync()
                .channel();
        for (int i = 0; i < CONNECTIONS; i++) {
            BlockingQueue<String> in = new LinkedBlockingQueue<>();
            Channel c = new Bootstrap()
                    .group(clientLoop)
                    .channel(LocalChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            in.add(b.toString(StandardCharsets.UTF_8));
                            b.release();
                        }
                    })
                    .connect(address)
                    .sync()
                    .channel();
            clients.add(c);
            received.add(in);
            // the server registers each connection before the next one is made: children are in client order
            CountDownLatch registered = new CountDownLatch(1);
            serverLoop.execute(registered::countDown);
            assertThat(registered.await(1, TimeUnit.MINUTES)).isTrue();
            assertThat(children).hasSize(i + 1);
            accepted.add(children.get(i));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Channel c : clients) {
            c.close().sync();
        }
        listener.close().sync();
        serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        clientLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
    }

    @Test
    void answersWrittenInOneTaskAreFlushedTogetherAfterIt() throws Exception {
        int n = 5;
        Counts counts = inOneTask(() -> {
            for (int i = 0; i < n; i++) {
                accepted.get(i).writeAndFlush(text("answer " + i));
            }
        });
        assertThat(counts.duringTask()).as("flushes out while the task ran").isZero();
        assertThat(counts.afterTask())
                .as("flushes out before the loop's next task")
                .isEqualTo(n);
        for (int i = 0; i < n; i++) {
            receives(i, "answer " + i);
        }
    }

    @Test
    void severalAnswersOnOneConnectionLeaveInOneFlushInOrder() throws Exception {
        Counts counts = inOneTask(() -> {
            accepted.get(0).writeAndFlush(text("first"));
            accepted.get(0).writeAndFlush(text("second"));
            accepted.get(1).writeAndFlush(text("other"));
            accepted.get(0).writeAndFlush(text("third"));
        });
        assertThat(counts.duringTask()).isZero();
        assertThat(counts.afterTask()).as("one flush per connection").isEqualTo(2);
        receives(0, "firstsecondthird");
        receives(1, "other");
    }

    @Test
    void pastTheLimitTheHeldAnswersAreFlushedAtOnce() throws Exception {
        List<Integer> afterEach = new ArrayList<>();
        Counts counts = inOneTask(() -> {
            for (int i = 0; i < CONNECTIONS; i++) {
                accepted.get(i).writeAndFlush(text("answer " + i));
                afterEach.add(counter.flushes);
            }
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= CONNECTIONS; i++) {
            // MAX_HELD held; the next flushes them and itself; the rest are held again until the task ends
            expected.add(i <= RoundFlush.MAX_HELD ? 0 : RoundFlush.MAX_HELD + 1);
        }
        assertThat(afterEach).isEqualTo(expected);
        assertThat(counts.duringTask()).isEqualTo(RoundFlush.MAX_HELD + 1);
        assertThat(counts.afterTask()).isEqualTo(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
            receives(i, "answer " + i);
        }
    }

    @Test
    void heldAnswersGoOutBeforeAClose() throws Exception {
        Counts counts = inOneTask(() -> {
            accepted.get(0).writeAndFlush(text("last answer"));
            accepted.get(1).writeAndFlush(text("kept for the round"));
            ChannelFuture _ = accepted.get(0).close();
        });
        assertThat(counts.duringTask())
                .as("the closed connection's answer, before its close")
                .isEqualTo(1);
        assertThat(counts.afterTask()).isEqualTo(2);
        receives(0, "last answer");
        receives(1, "kept for the round");
    }

    @Test
    void withoutTheHandlerEachAnswerIsFlushedAtOnce() throws Exception {
        stop();
        accepted.clear();
        clients.clear();
        received.clear();
        start(ch -> new ChannelHandler[] {counter});
        Counts counts = inOneTask(() -> {
            for (int i = 0; i < 3; i++) {
                accepted.get(i).writeAndFlush(text("answer " + i));
            }
        });
        assertThat(counts.duringTask()).isEqualTo(3);
        assertThat(counts.afterTask()).isEqualTo(3);
    }

    /** The flushes counted at the end of {@code task}, run on the server's loop, and once the loop's next task runs. */
    private Counts inOneTask(Runnable task) throws Exception {
        EventLoop loop = accepted.getFirst().eventLoop();
        CompletableFuture<Integer> during = new CompletableFuture<>();
        CompletableFuture<Integer> after = new CompletableFuture<>();
        loop.execute(() -> {
            int before = counter.flushes;
            task.run();
            during.complete(counter.flushes - before);
            // queued behind every task the writes queued: runs once the round's held flushes are done
            loop.execute(() -> after.complete(counter.flushes - before));
        });
        return new Counts(during.get(1, TimeUnit.MINUTES), after.get(1, TimeUnit.MINUTES));
    }

    private record Counts(int duringTask, int afterTask) {}

    /**
     * What client {@code i} received next, as long as {@code expected} (the transport may hand several answers over in
     * one read), compared with it.
     */
    private void receives(int i, String expected) throws InterruptedException {
        StringBuilder got = new StringBuilder();
        while (got.length() < expected.length()) {
            String s = received.get(i).poll(1, TimeUnit.MINUTES);
            assertThat(s).as("bytes on connection %d after %s", i, got).isNotNull();
            got.append(s);
        }
        assertThat(got.toString()).as("connection %d", i).isEqualTo(expected);
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Counts the flushes passing it; one instance shared by the connections of one loop, read on that loop. */
    @ChannelHandler.Sharable
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }
}
