package io.hashmatch.scan;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.video.VideoHash;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MediaHasher} computed for one file's bytes: the image side ({@link FileHashes}: size, exact hashes,
 * and PDQ or the image decoder's typed error) and, for a video, its vPDQ or the video's typed error.
 *
 * <p>Immutable; thread-safe.
 *
 * @param kind {@link MediaKind#IMAGE}, {@link MediaKind#VIDEO} or {@link MediaKind#OTHER}
 * @param file the image hasher's result; for a video or other bytes its error is the image decoder's
 *     ({@code unsupported_format}, {@code empty_file}...), which callers may report or ignore
 * @param video the video side, present exactly when {@code kind} is {@link MediaKind#VIDEO}
 */
public record MediaHashes(
        MediaKind kind, FileHashes file, @Nullable Video video) {
    /** Checks that {@code video} is present exactly for a video. */
    public MediaHashes {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(file);
        if ((kind == MediaKind.VIDEO) != (video != null)) {
            throw new IllegalArgumentException(
                    "video result " + (video == null ? "missing" : "given") + " for " + kind);
        }
    }

    /**
     * A video's side: its container and either its vPDQ or why it has none.
     *
     * @param container the container's name from {@link io.hashmatch.video.VideoSniffer} ({@code "mp4"},
     *     {@code "ogg"}...)
     * @param hash the vPDQ; null when video hashing was off or failed
     * @param errorCode null when hashed or not asked for, else a {@link io.hashmatch.video.VideoDecodeError} code,
     *     {@code io_error} or {@code internal_error} (an unexpected failure inside the decoder)
     * @param errorMessage one line explaining {@code errorCode}, else null
     */
    public record Video(
            String container,
            @Nullable VideoHash hash,
            @Nullable String errorCode,
            @Nullable String errorMessage) {}
}
