package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** python-threatexchange's time checkpoint, as StopNCII and ThreatExchange resume from it. */
class CheckpointsTest {
    private static final long STALE = 3600L * 24 * 30;
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void aFreshCheckpointResumesAtItsUpdateTimeUpToTheStaleLimit() throws Exception {
        String written = Checkpoints.write(Checkpoints.timeCheckpoint(1_600_000_000L, NOW.minusSeconds(STALE)));
        assertThat(written)
                .isEqualTo("{\"update_time\":1600000000,\"last_fetch_time\":" + (1_700_000_000L - STALE) + "}");
        assertThat(Checkpoints.resumeTime(Checkpoints.read(written), NOW, STALE, 10))
                .isEqualTo(1_600_000_000L);
    }

    @Test
    void aStaleCheckpointStartsOver() throws Exception {
        String written = Checkpoints.write(Checkpoints.timeCheckpoint(1_600_000_000L, NOW.minusSeconds(STALE + 1)));
        assertThat(Checkpoints.resumeTime(Checkpoints.read(written), NOW, STALE, 10))
                .isNull();
        assertThat(Checkpoints.resumeTime(Checkpoints.read("{\"update_time\":5}"), NOW, STALE, 10))
                .as("without a last fetch time")
                .isNull();
    }

    @Test
    void aFreshCheckpointWithoutAnUpdateTimeResumesAtTheExchangesStart() throws Exception {
        String cp = "{\"last_fetch_time\":" + NOW.getEpochSecond() + "}";
        assertThat(Checkpoints.resumeTime(Checkpoints.read(cp), NOW, STALE, 10)).isEqualTo(10L);
    }
}
