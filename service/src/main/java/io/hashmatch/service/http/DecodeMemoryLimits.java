package io.hashmatch.service.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The memory budget of image decodes ({@code hashmatch.limits.decode-memory}, {@code hashmatch.limits.decode-wait}):
 * see {@link DecodeMemoryBudget}. Uploaded images are admitted by the memory their header declares, before any
 * pixel is allocated.
 *
 * <p>Immutable; thread-safe.
 *
 * @param decodeMemory most bytes the image decodes running at once may declare between them (default 1 GiB); one
 *     image declaring more than 7/8 of it is refused with 422 {@code image_too_large}
 * @param decodeWait longest an upload waits for room in the budget (default 30 s); then 503 {@code decode_busy}
 */
@ConfigurationProperties("hashmatch.limits")
public record DecodeMemoryLimits(
        @Bindable(defaultValue = "1073741824") long decodeMemory,
        @Bindable(defaultValue = "30s") Duration decodeWait) {

    /** @throws IllegalArgumentException if the budget is outside 8 KiB..2 TiB or the wait is negative */
    public DecodeMemoryLimits {
        if (decodeMemory < 8 << 10 || decodeMemory >> 10 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "hashmatch.limits.decode-memory must be between 8 KiB and 2 TiB: " + decodeMemory);
        }
        if (decodeWait.isNegative()) {
            throw new IllegalArgumentException("hashmatch.limits.decode-wait must not be negative: " + decodeWait);
        }
    }
}
