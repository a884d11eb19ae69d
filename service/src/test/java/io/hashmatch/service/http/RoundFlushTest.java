package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every answer flushed through {@link RoundFlush.Handler} reaches its connection, in order, and before a close. */
class RoundFlushTest {
    @Test
    void everyAnswerOfARoundReachesItsConnectionInOrder() {
        List<EmbeddedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 2 * RoundFlush.MAX_HELD + 3; i++) { // past the limit of held flushes
            channels.add(new EmbeddedChannel(new RoundFlush.Handler()));
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < channels.size(); i++) {
                channels.get(i).pipeline().writeAndFlush(text(i + "." + round + "a"));
                channels.get(i).pipeline().writeAndFlush(text(i + "." + round + "b"));
            }
            channels.forEach(EmbeddedChannel::runPendingTasks);
            for (int i = 0; i < channels.size(); i++) {
                assertThat(outbound(channels.get(i)))
                        .as("connection %d, round %d", i, round)
                        .containsExactly(i + "." + round + "a", i + "." + round + "b");
            }
        }
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void aCloseFlushesWhatIsHeldFirst() {
        EmbeddedChannel a = new EmbeddedChannel(new RoundFlush.Handler());
        a.pipeline().writeAndFlush(text("last answer"));
        a.pipeline().close();
        assertThat(outbound(a)).containsExactly("last answer");
        assertThat(a.isOpen()).isFalse();
        a.runPendingTasks();
        a.finishAndReleaseAll();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static List<String> outbound(EmbeddedChannel c) {
        List<String> out = new ArrayList<>();
        for (ByteBuf b = c.readOutbound(); b != null; b = c.readOutbound()) {
            out.add(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out;
    }
}
