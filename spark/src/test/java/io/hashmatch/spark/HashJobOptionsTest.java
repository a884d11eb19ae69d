package io.hashmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The hash job's video options have the names of the {@code hashmatch} CLI's (no Spark session needed to parse). */
class HashJobOptionsTest {
    @SuppressWarnings("NullAway") // parsing alone never touches the session
    private static HashJob parsed(String... args) {
        HashJob job = new HashJob(null, new PrintWriter(new StringWriter()));
        new CommandLine(job).parseArgs(args);
        return job;
    }

    @Test
    void videoSamplingTakesTheCliNames() {
        HashJob job = parsed("--input", "in", "--output", "out", "-r", "2.5", "--video-time-limit", "9");
        assertThat(job.videoSampling.secondsPerHash()).isEqualTo(2.5f);
        assertThat(job.videoSampling.timeLimitSeconds()).isEqualTo(9);
        job = parsed("--input", "in", "--output", "out", "--seconds-per-hash", "0", "--time-limit", "4");
        assertThat(job.videoSampling.secondsPerHash()).isZero();
        assertThat(job.videoSampling.timeLimitSeconds()).isEqualTo(4);
        assertThatThrownBy(() -> parsed("--input", "in", "--output", "out", "--video-seconds-per-hash", "2"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }
}
