package io.hashmatch.video;

import java.util.List;

/**
 * The vPDQ hash of one video: the hashed frames in frame order, plus what decoding found.
 *
 * <p>Immutable; thread-safe.
 *
 * @param frames the hashed (sampled, possibly pruned) frames, ascending frame index; unmodifiable
 * @param framesPerSecond the stream's average frame rate (or its real base frame rate when the average is
 *     unset), used for sampling and timestamps
 * @param decodedFrames number of frames the decoder produced
 * @param width coded frame width in pixels
 * @param height coded frame height in pixels
 */
public record VideoHash(List<VpdqFrame> frames, double framesPerSecond, int decodedFrames, int width, int height) {
    /** Copies {@code frames}. */
    public VideoHash {
        frames = List.copyOf(frames);
    }

    /** Seconds of video decoded: {@code decodedFrames / framesPerSecond}. */
    public double decodedSeconds() {
        return decodedFrames / framesPerSecond;
    }
}
