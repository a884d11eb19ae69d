package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundFlushTest {
    @Test
    void flushesAreHeldUntilTheRoundEndsThenDoneInOrder() {
        EmbeddedChannel a = new EmbeddedChannel(new RoundFlush.Handler());
        EmbeddedChannel b = new EmbeddedChannel(new RoundFlush.Handler());
        a.writeAndFlush(text("a1"));
        b.writeAndFlush(text("b1"));
        a.writeAndFlush(text("a2"));
        assertThat(outbound(a)).isEmpty();
        assertThat(outbound(b)).isEmpty();

        a.runPendingTasks(); // one task for the round, on the loop both channels share in this thread
        b.runPendingTasks();
        assertThat(outbound(a)).containsExactly("a1", "a2");
        assertThat(outbound(b)).containsExactly("b1");

        b.writeAndFlush(text("b2")); // a new round
        assertThat(outbound(b)).isEmpty();
        b.runPendingTasks();
        assertThat(outbound(b)).containsExactly("b2");
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void aCloseFlushesWhatIsHeldFirst() {
        EmbeddedChannel a = new EmbeddedChannel(new RoundFlush.Handler());
        a.writeAndFlush(text("last answer"));
        a.close();
        assertThat(outbound(a)).containsExactly("last answer");
        assertThat(a.isOpen()).isFalse();
        a.runPendingTasks(); // the round's task finds nothing held
        a.finishAndReleaseAll();
    }

    @Test
    void pastTheLimitEveryHeldFlushIsDone() {
        List<EmbeddedChannel> channels = new ArrayList<>();
        for (int i = 0; i <= RoundFlush.MAX_HELD; i++) {
            EmbeddedChannel c = new EmbeddedChannel(new RoundFlush.Handler());
            channels.add(c);
            c.writeAndFlush(text("answer " + i));
        }
        for (int i = 0; i <= RoundFlush.MAX_HELD; i++) {
            assertThat(outbound(channels.get(i))).as("channel %d", i).containsExactly("answer " + i);
        }
        for (EmbeddedChannel c : channels) {
            c.runPendingTasks();
            assertThat(outbound(c)).isEmpty();
            c.finishAndReleaseAll();
        }
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
