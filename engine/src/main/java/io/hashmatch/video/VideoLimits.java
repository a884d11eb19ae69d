package io.hashmatch.video;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one video's decoding, checked before the corresponding work is done: file size before reading,
 * frame dimensions and declared duration after the container header is parsed and before any frame is
 * decoded, the frame count and the elapsed time after every decoded frame (and, for in-memory input, on
 * every read FFmpeg makes, so a stuck demuxer is also stopped).
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxFileBytes largest accepted file, in bytes
 * @param maxPixels largest accepted frame, width x height
 * @param maxDurationSeconds longest accepted declared duration (a container that declares none is accepted
 *     and bounded by {@code maxFrames} and {@code timeLimit})
 * @param maxFrames most frames decoded before giving up with {@link VideoDecodeError#TOO_LONG}
 * @param timeLimit wall-clock time allowed per file
 */
public record VideoLimits(
        long maxFileBytes, long maxPixels, double maxDurationSeconds, int maxFrames, Duration timeLimit) {

    /** 2 GiB, 8K frames (7680x4320), 4 hours, 1 million frames (about 9 h at 30 fps), 10 minutes. */
    public static final VideoLimits DEFAULT =
            new VideoLimits(2L << 30, 7680L * 4320L, 4 * 3600.0, 1_000_000, Duration.ofMinutes(10));

    /** @throws IllegalArgumentException if any bound is not positive */
    public VideoLimits {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (maxFileBytes <= 0
                || maxPixels <= 0
                || !(maxDurationSeconds > 0)
                || maxFrames <= 0
                || timeLimit.isNegative()
                || timeLimit.isZero()) {
            throw new IllegalArgumentException("video limits must be positive: " + maxFileBytes + " bytes, " + maxPixels
                    + " pixels, " + maxDurationSeconds + " s, " + maxFrames + " frames, " + timeLimit);
        }
    }

    /** A copy with another time limit. */
    public VideoLimits withTimeLimit(Duration limit) {
        return new VideoLimits(maxFileBytes, maxPixels, maxDurationSeconds, maxFrames, limit);
    }
}
