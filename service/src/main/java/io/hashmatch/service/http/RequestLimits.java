package io.hashmatch.service.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The {@code hashmatch.limits.*} settings. The body size limit itself is Micronaut's
 * {@code micronaut.server.max-request-size} (and {@code micronaut.server.multipart.max-file-size} for multipart
 * uploads), both set from {@code hashmatch.limits.max-body-size} in {@code application.yml}; over it the answer is
 * 413 before the body is read.
 *
 * <p>Immutable; thread-safe.
 *
 * @param maxBatch most queries in one {@code POST /v1/match/hashes} (default 10 000); more: 413
 * @param maxPixels largest width × height of an uploaded image, checked from its header before any pixel is
 *     decoded (default the engine's 100 megapixels); more: 422 {@code image_too_large}
 */
@ConfigurationProperties("hashmatch.limits")
public record RequestLimits(
        @Bindable(defaultValue = "10000") int maxBatch,
        @Bindable(defaultValue = "100000000") long maxPixels) {

    /**
     * @throws IllegalArgumentException if a limit is not positive
     */
    public RequestLimits {
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("hashmatch.limits.max-batch must be positive: " + maxBatch);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("hashmatch.limits.max-pixels must be positive: " + maxPixels);
        }
    }
}
