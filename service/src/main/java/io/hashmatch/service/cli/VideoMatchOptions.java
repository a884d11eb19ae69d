package io.hashmatch.service.cli;

import io.hashmatch.video.VideoMatcher;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The thresholds of {@code video match} ({@link VideoMatcher}), as a {@link CommandLine.Mixin}: frame distance,
 * frame quality and the two hit percentages. ({@code scan} names its own {@code --video-} thresholds, beside its
 * image options.)
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class VideoMatchOptions {
    @Option(
            names = {"-d", "--distance"},
            paramLabel = "BITS",
            description = "Frames match when their distance is strictly below BITS. Default: ${DEFAULT-VALUE}.")
    int distance = VideoMatcher.DEFAULT_DISTANCE;

    @Option(
            names = {"-q", "--quality"},
            paramLabel = "Q",
            description = "Frames with quality below Q are ignored. Default: ${DEFAULT-VALUE}.")
    int quality = VideoMatcher.DEFAULT_QUALITY;

    @Option(
            names = "--query-percent",
            paramLabel = "P",
            description = "Least share of query frames matched for a hit. Default: ${DEFAULT-VALUE}.")
    double queryPercent = VideoMatcher.DEFAULT_PERCENT;

    @Option(
            names = "--compared-percent",
            paramLabel = "P",
            description = "Least share of the known video's frames matched for a hit. Default: ${DEFAULT-VALUE}.")
    double comparedPercent = VideoMatcher.DEFAULT_PERCENT;

    /**
     * The matcher with these thresholds.
     *
     * @throws CommandLine.ParameterException if a threshold is out of range
     */
    VideoMatcher matcher(CommandLine cmd) {
        try {
            return new VideoMatcher(distance, quality, queryPercent, comparedPercent);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
    }
}
