package io.hashmatch.service.http;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.scan.MediaHasher;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * Hashes uploaded images in memory with the engine's {@link MediaHasher} (the path {@code hashmatch hash} and the
 * scanner take; videos are not decoded here): the bytes are never written anywhere and
 * not kept after the call. Limits: the image's declared pixels ({@link RequestLimits#maxPixels()}) and the request
 * body size ({@code micronaut.server.max-request-size}).
 *
 * <p>Thread-safe.
 */
@Singleton
public final class ImageHashing {
    /**
     * The executor of the image routes ({@code micronaut.executors.hashmatch-image}: fixed, two threads per core): a
     * bounded number of threads, so at most that many uploads are decoded at once and at most that many per-thread
     * file buffers exist, whatever the number of clients.
     */
    public static final String EXECUTOR = "hashmatch-image";

    private final MediaHasher hasher;
    private final MatchObserver observer;

    ImageHashing(RequestLimits limits, HttpServerConfiguration server, MatchObserver observer) {
        this.observer = observer;
        long maxBytes = Math.min(server.getMaxRequestSize(), Integer.MAX_VALUE - 8);
        this.hasher = new MediaHasher(
                FileHasher.newBuilder()
                        .limits(new DecodeLimits(limits.maxPixels(), maxBytes))
                        .build(),
                false,
                VideoHasher.DEFAULT_SECONDS_PER_HASH,
                VideoLimits.DEFAULT);
    }

    /**
     * The hashes of an uploaded image.
     *
     * @throws ApiException if the bytes are not a decodable image within the limits: 400 {@code empty_file},
     *     415 {@code unsupported_format}, 422 {@code truncated}/{@code corrupt_data}/{@code image_too_large},
     *     413 {@code file_too_large}
     */
    public FileHashes hash(byte[] image) {
        FileHashes h = hasher.hash(image).file();
        DecodeError error = h.error();
        if (error != null) {
            observer.decodeFailed(error);
            String message = h.errorMessage() == null || h.errorMessage().isEmpty() ? error.code() : h.errorMessage();
            throw new ApiException(status(error), error.code(), message);
        }
        return h;
    }

    /** The status of a decode error. */
    static HttpStatus status(DecodeError error) {
        return switch (error) {
            case EMPTY_FILE -> HttpStatus.BAD_REQUEST;
            case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case TRUNCATED, CORRUPT_DATA, IMAGE_TOO_LARGE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case FILE_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case IO_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
