package io.hashmatch.service.cli;

import io.hashmatch.decode.DecodeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The image decoding limits of {@code hash} and {@code scan}, mixed into each ({@link CommandLine.Mixin}):
 * {@code --max-pixels} and {@code --max-file-size}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class DecodeLimitOptions {
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

    /**
     * The limits given.
     *
     * @throws CommandLine.ParameterException if a limit is out of range
     */
    DecodeLimits limits(CommandLine cmd) {
        try {
            return new DecodeLimits(maxPixels, maxFileBytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, "invalid limit: " + e.getMessage());
        }
    }
}
