package io.hashmatch.service.http;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.decode.ImageDecoder;
import io.hashmatch.decode.ImageInfo;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.scan.MediaHasher;
import io.hashmatch.scan.QueryHashing;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hashes uploaded images in memory with the engine's {@link MediaHasher} (the path {@code hashmatch hash} and the
 * scanner take; videos are not decoded here), with or without the query-side variants ({@link QueryHashing}, the
 * decision {@code hashmatch scan} shares): the bytes are never written anywhere and
 * not kept after the call. Limits: the image's declared pixels ({@link RequestLimits#maxPixels()}), the request
 * body size ({@code micronaut.server.max-request-size}), and the memory of the decodes running at once
 * ({@link DecodeMemoryLimits}): each image is admitted into a {@link DecodeMemoryBudget} by the memory its header
 * declares ({@link ImageInfo#decodeBytes()}) before it is decoded, and holds that room until its pixels are freed.
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

    /** With the query-side variants, and without ({@link QueryHashing}). */
    private final MediaHasher withVariants;

    private final MediaHasher withoutVariants;
    private final MatchObserver observer;
    private final long maxPixels;
    private final DecodeMemoryBudget budget;
    private final Duration decodeWait;

    ImageHashing(
            RequestLimits limits, DecodeMemoryLimits memory, HttpServerConfiguration server, MatchObserver observer) {
        this.observer = observer;
        this.maxPixels = limits.maxPixels();
        this.budget = new DecodeMemoryBudget(memory.decodeMemory());
        this.decodeWait = memory.decodeWait();
        long maxBytes = Math.min(server.getMaxRequestSize(), Integer.MAX_VALUE - 8);
        DecodeLimits decodeLimits = new DecodeLimits(limits.maxPixels(), maxBytes);
        this.withVariants =
                mediaHasher(QueryHashing.hasher(true).limits(decodeLimits).build());
        this.withoutVariants =
                mediaHasher(QueryHashing.hasher(false).limits(decodeLimits).build());
    }

    private static MediaHasher mediaHasher(FileHasher images) {
        return new MediaHasher(images, false, VideoHasher.DEFAULT_SECONDS_PER_HASH, VideoLimits.DEFAULT);
    }

    /**
     * The hashes of an uploaded image, with the query-side variants of {@link QueryHashing} when {@code variants}
     * (what the image routes and the web console match), else its whole-image hashes only. Variants need no more
     * decode memory than the image itself (they are derived from a luma plane of at most 512 x 512).
     *
     * @throws ApiException if the bytes are not a decodable image within the limits: 400 {@code empty_file},
     *     415 {@code unsupported_format}, 422 {@code truncated}/{@code corrupt_data}/{@code image_too_large},
     *     413 {@code file_too_large}; 422 {@code image_too_large} also when decoding it would declare more memory
     *     than the decode budget admits for one image; 503 {@code decode_busy} when the budget had no room for it
     *     within {@code hashmatch.limits.decode-wait}
     */
    public FileHashes hash(byte[] image, boolean variants) {
        MediaHasher hasher = variants ? withVariants : withoutVariants;
        ImageInfo info = probe(image);
        if (info == null || info.width() * (double) info.height() > maxPixels) {
            return hashAdmitted(hasher, image); // refused by the hasher before any pixel is allocated
        }
        long bytes = info.decodeBytes();
        if (!budget.fits(bytes)) {
            observer.decodeFailed(DecodeError.IMAGE_TOO_LARGE);
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    DecodeError.IMAGE_TOO_LARGE.code(),
                    info.format().label() + " " + info.width() + "x" + info.height() + " needs about " + mib(bytes)
                            + " MiB to decode, over the " + mib(budget.largestImage())
                            + " MiB one image may use of the decode memory budget (hashmatch.limits.decode-memory)");
        }
        DecodeMemoryBudget.Admission admission;
        try {
            admission = budget.admit(bytes, decodeWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (admission == null) {
            throw busy();
        }
        try (admission) {
            return hashAdmitted(hasher, image);
        }
    }

    /** The decode budget (for the tests and the metrics). */
    DecodeMemoryBudget budget() {
        return budget;
    }

    private static @Nullable ImageInfo probe(byte[] image) {
        try {
            return ImageDecoder.probe(ByteBuffer.wrap(image));
        } catch (DecodeException e) {
            return null; // not an image, or a broken header: the hasher says which, without decoding
        }
    }

    private ApiException busy() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "decode_busy",
                "the image decode memory budget had no room for this image within " + decodeWait.toSeconds()
                        + " s; try again later");
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private FileHashes hashAdmitted(MediaHasher hasher, byte[] image) {
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
