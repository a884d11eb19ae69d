package io.hashmatch.video;

import io.hashmatch.hash.PdqHash;
import java.util.Objects;

/**
 * One hashed frame of a video, as one line of the reference's output.
 *
 * <p>Immutable; thread-safe.
 *
 * @param frameIndex 0-based index of the frame in decoder output order (not a timestamp)
 * @param quality PDQ quality, 0..100
 * @param hash the frame's PDQ hash
 * @param timestampSeconds {@code (float) frameIndex / (float) fps}, a float32 division as the reference does
 */
public record VpdqFrame(int frameIndex, int quality, PdqHash hash, float timestampSeconds) {
    /**
     * @throws IllegalArgumentException if {@code frameIndex < 0}, {@code quality} is outside 0..100 or the
     *     timestamp is negative or not finite
     */
    public VpdqFrame {
        Objects.requireNonNull(hash, "hash");
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frame index must be >= 0: " + frameIndex);
        }
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality must be 0..100: " + quality);
        }
        if (!(timestampSeconds >= 0f) || Float.isInfinite(timestampSeconds)) {
            throw new IllegalArgumentException("timestamp must be finite and >= 0: " + timestampSeconds);
        }
    }
}
