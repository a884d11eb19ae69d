package io.hashmatch.cli;

import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * How the commands that hash videos sample them, mixed into each ({@link CommandLine.Mixin}): {@code -r}/{@code
 * --seconds-per-hash} and {@code --video-time-limit} (also spelt {@code --time-limit}, the name {@code hashmatch video
 * hash} documents). The {@code hashmatch} CLI ({@code hash}, {@code scan}, {@code video hash}, {@code video match})
 * and the Spark {@code hash} job take the same names. A command whose model is built in code takes them from
 * {@link #mixin()}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class VideoSamplingOptions {
    private static final String SECONDS_PER_HASH = "Videos (recognised by their bytes) get vPDQ hashes as Meta's"
            + " vpdq-hash-video -r S: every (int)(S x fps)-th frame; 0 hashes every frame. Default: ${DEFAULT-VALUE}.";
    private static final String TIME_LIMIT =
            "Wall-clock limit per video; a slower one gets error time_limit. Default: ${DEFAULT-VALUE}.";

    @Option(
            names = {"-r", "--seconds-per-hash"},
            paramLabel = "S",
            description = SECONDS_PER_HASH)
    float secondsPerHash = VideoHasher.DEFAULT_SECONDS_PER_HASH;

    @Option(
            names = {"--video-time-limit", "--time-limit"},
            paramLabel = "SECONDS",
            description = TIME_LIMIT)
    long timeLimitSeconds = VideoLimits.DEFAULT.timeLimit().toSeconds();

    /** Options at the engine's defaults, until picocli sets them. */
    public VideoSamplingOptions() {}

    /**
     * The options above as a picocli mixin built in code and bound to this object: the annotations' model without
     * reading them (a start-up cost; see {@link OptionBinding}). The CLI's tests check that the two agree.
     */
    public CommandSpec mixin() {
        return CommandSpec.create()
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("-r", "--seconds-per-hash")
                                        .paramLabel("S")
                                        .type(float.class)
                                        .description(SECONDS_PER_HASH),
                                () -> secondsPerHash,
                                (Float v) -> secondsPerHash = v)
                        .build())
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--video-time-limit", "--time-limit")
                                        .paramLabel("SECONDS")
                                        .type(long.class)
                                        .description(TIME_LIMIT),
                                () -> timeLimitSeconds,
                                (Long v) -> timeLimitSeconds = v)
                        .build());
    }

    /** Seconds of video between hashed frames, as given (checked by {@link #hasher}). */
    public float secondsPerHash() {
        return secondsPerHash;
    }

    /** Wall-clock seconds allowed per video, as given (checked by {@link #limits()}). */
    public long timeLimitSeconds() {
        return timeLimitSeconds;
    }

    /**
     * A hasher with this sampling, dropping frames within {@code pruneDistance} of the last kept one.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public VideoHasher hasher(int pruneDistance) {
        return new VideoHasher(secondsPerHash, pruneDistance);
    }

    /**
     * The default video limits with this time limit.
     *
     * @throws IllegalArgumentException if the time limit is out of range, with a message "invalid limit: ..."
     */
    public VideoLimits limits() {
        try {
            return VideoLimits.DEFAULT.withTimeLimit(Duration.ofSeconds(timeLimitSeconds));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid limit: " + e.getMessage(), e);
        }
    }
}
