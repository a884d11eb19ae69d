package io.hashmatch.service.cli;

import io.hashmatch.video.VideoMatcher;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The four thresholds of video matching ({@link VideoMatcher}): frame distance, frame quality and the two hit
 * percentages. Their values, defaults, descriptions and validation live here once; the commands that take them
 * only name them, through one of the two {@link CommandLine.Mixin}s below: {@link Named} for {@code video match}
 * ({@code -d}/{@code --distance}, {@code -q}/{@code --quality}, {@code --query-percent},
 * {@code --compared-percent}) and {@link VideoPrefixed} for {@code scan}, whose {@code --max-distance} and
 * {@code --quiet} already sit beside them ({@code --video-distance}, {@code --video-quality},
 * {@code --video-query-percent}, {@code --video-compared-percent}). Picocli takes option names only from
 * annotations, so each mixin is a set of annotated setters that store into this class.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class VideoMatchOptions {
    private static final String DISTANCE = "Video frames match when their PDQ distance is strictly below BITS."
            + " Default: " + VideoMatcher.DEFAULT_DISTANCE + ".";
    private static final String QUALITY =
            "Video frames with quality below Q are ignored. Default: " + VideoMatcher.DEFAULT_QUALITY + ".";
    private static final String QUERY_PERCENT =
            "Least share of the query (scanned) video's frames matched for a hit. Default: "
                    + VideoMatcher.DEFAULT_PERCENT + ".";
    private static final String COMPARED_PERCENT = "Least share of the known (listed) video's frames matched for a"
            + " hit. Default: " + VideoMatcher.DEFAULT_PERCENT + ".";

    private int distance = VideoMatcher.DEFAULT_DISTANCE;
    private int quality = VideoMatcher.DEFAULT_QUALITY;
    private double queryPercent = VideoMatcher.DEFAULT_PERCENT;
    private double comparedPercent = VideoMatcher.DEFAULT_PERCENT;

    private VideoMatchOptions() {}

    /**
     * The matcher with these thresholds.
     *
     * @throws CommandLine.ParameterException if a threshold is out of range
     */
    VideoMatcher matcher(CommandLine cmd) {
        try {
            return new VideoMatcher(distance, quality, queryPercent, comparedPercent);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, "invalid video option: " + e.getMessage());
        }
    }

    /** The thresholds under {@code video match}'s names. */
    static final class Named {
        private final VideoMatchOptions options = new VideoMatchOptions();

        @Option(
                names = {"-d", "--distance"},
                paramLabel = "BITS",
                description = DISTANCE)
        void distance(int bits) {
            options.distance = bits;
        }

        @Option(
                names = {"-q", "--quality"},
                paramLabel = "Q",
                description = QUALITY)
        void quality(int q) {
            options.quality = q;
        }

        @Option(names = "--query-percent", paramLabel = "P", description = QUERY_PERCENT)
        void queryPercent(double p) {
            options.queryPercent = p;
        }

        @Option(names = "--compared-percent", paramLabel = "P", description = COMPARED_PERCENT)
        void comparedPercent(double p) {
            options.comparedPercent = p;
        }

        /** See {@link VideoMatchOptions#matcher}. */
        VideoMatcher matcher(CommandLine cmd) {
            return options.matcher(cmd);
        }
    }

    /** The thresholds under {@code scan}'s names, each prefixed {@code --video-}. */
    static final class VideoPrefixed {
        private final VideoMatchOptions options = new VideoMatchOptions();

        @Option(names = "--video-distance", paramLabel = "BITS", description = DISTANCE)
        void distance(int bits) {
            options.distance = bits;
        }

        @Option(names = "--video-quality", paramLabel = "Q", description = QUALITY)
        void quality(int q) {
            options.quality = q;
        }

        @Option(names = "--video-query-percent", paramLabel = "P", description = QUERY_PERCENT)
        void queryPercent(double p) {
            options.queryPercent = p;
        }

        @Option(names = "--video-compared-percent", paramLabel = "P", description = COMPARED_PERCENT)
        void comparedPercent(double p) {
            options.comparedPercent = p;
        }

        /** See {@link VideoMatchOptions#matcher}. */
        VideoMatcher matcher(CommandLine cmd) {
            return options.matcher(cmd);
        }
    }
}
