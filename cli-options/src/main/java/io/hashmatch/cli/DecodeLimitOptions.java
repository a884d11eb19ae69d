package io.hashmatch.cli;

import io.hashmatch.decode.DecodeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The image decoding limits, mixed into every command that decodes files ({@link CommandLine.Mixin}):
 * {@code --max-pixels} and {@code --max-file-size}, with the engine's defaults.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class DecodeLimitOptions {
    @Option(
            names = "--max-pixels",
            paramLabel = "N",
            description = "Largest width x height decoded; larger images get error image_too_large."
                    + " Default: ${DEFAULT-VALUE}.")
    long maxPixels = DecodeLimits.DEFAULT_MAX_PIXELS;

    @Option(
            names = "--max-file-size",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description = "Largest file decoded, in bytes (suffixes K, M, G allowed); larger files get error"
                    + " file_too_large and no perceptual hash. Default: ${DEFAULT-VALUE} (256M).")
    long maxFileBytes = DecodeLimits.DEFAULT_MAX_FILE_BYTES;

    /** Options at the engine's defaults, until picocli sets them. */
    public DecodeLimitOptions() {}

    /**
     * The limits given.
     *
     * @throws IllegalArgumentException if a limit is out of range, with a message "invalid limit: ..." naming it
     */
    public DecodeLimits limits() {
        try {
            return new DecodeLimits(maxPixels, maxFileBytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid limit: " + e.getMessage(), e);
        }
    }
}
