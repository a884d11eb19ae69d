package io.hashmatch.video;

import java.util.List;
import java.util.Objects;

/**
 * A known video in a {@link VideoIndex}: an identifier (e.g. the list entry's id or file name) and its frames.
 *
 * <p>Immutable; thread-safe.
 *
 * @param id the caller's identifier, reported back with matches
 * @param frames the video's vPDQ frames; copied
 */
public record VideoEntry(String id, List<VpdqFrame> frames) {
    /** Copies {@code frames}. */
    public VideoEntry {
        Objects.requireNonNull(id, "id");
        frames = List.copyOf(frames);
    }
}
