package io.hashmatch.service.http;

import io.hashmatch.match.MatchLimits;
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
 * @param maxHitsPerQuery most hits in the answer to one query (default 100), the nearest; more: that query's record
 *     says {@code "truncated":true}
 * @param maxHitsPerRequest most hits in one answer, all queries together (default 100 000); more: 422
 *     {@code too_many_hits}
 * @param maxExaminedPerRequest most raw hits the searches of one request may find within the distance, before the
 *     per-query cut (default 10 000 000), which bounds the work of wide searches; more: 422 {@code search_too_wide}
 */
@ConfigurationProperties("hashmatch.limits")
public record RequestLimits(
        @Bindable(defaultValue = "10000") int maxBatch,
        @Bindable(defaultValue = "100000000") long maxPixels,
        @Bindable(defaultValue = "100") int maxHitsPerQuery,
        @Bindable(defaultValue = "100000") long maxHitsPerRequest,
        @Bindable(defaultValue = "10000000") long maxExaminedPerRequest) {

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
        if (maxHitsPerQuery <= 0 || maxHitsPerRequest <= 0 || maxExaminedPerRequest <= 0) {
            throw new IllegalArgumentException("hashmatch.limits.max-hits-per-query, max-hits-per-request and"
                    + " max-examined-per-request must be positive: " + maxHitsPerQuery + ", " + maxHitsPerRequest
                    + ", " + maxExaminedPerRequest);
        }
    }

    /** The engine's bounds of one request's matching. */
    public MatchLimits matchLimits() {
        return new MatchLimits(maxHitsPerQuery, maxHitsPerRequest, maxExaminedPerRequest);
    }
}
