package io.hashmatch.scan;

import io.hashmatch.video.VpdqFrame;
import java.util.List;
import java.util.Objects;

/**
 * The vPDQ of a scanned video: what decoding found and every hashed frame, as {@code hashmatch video hash}
 * computes it (Meta's {@code vpdq-hash-video}, no pruning).
 *
 * <p>Immutable; thread-safe.
 *
 * @param secondsPerHash the sampling ({@code -r} of the reference): seconds of video between hashed frames
 * @param framesPerSecond the stream's frame rate used for sampling and timestamps
 * @param decodedFrames frames the decoder produced
 * @param width coded frame width in pixels
 * @param height coded frame height in pixels
 * @param frames the hashed frames, ascending frame index; each timestamp is {@code (float) frameIndex /
 *     (float) framesPerSecond}, as the reference computes it
 */
public record ScannedVideo(
        float secondsPerHash,
        double framesPerSecond,
        int decodedFrames,
        int width,
        int height,
        List<VpdqFrame> frames) {

    /** Copies the frames. */
    public ScannedVideo {
        frames = List.copyOf(Objects.requireNonNull(frames, "frames"));
    }

    /**
     * Where the reports put this video's vPDQ file, relative to the report folder: {@code vpdq/<sha256>.vpdq}
     * (the reference's {@code frameIndex,quality,hash,timestamp} lines; one file per distinct content).
     */
    public static String reportFile(String sha256) {
        return "vpdq/" + sha256 + ".vpdq";
    }
}
