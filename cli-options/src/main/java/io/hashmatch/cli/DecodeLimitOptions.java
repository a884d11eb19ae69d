package io.hashmatch.cli;

import io.hashmatch.decode.DecodeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The image decoding limits, mixed into every command that decodes files ({@link CommandLine.Mixin}):
 * {@code --max-pixels} and {@code --max-file-size}, with the engine's defaults. A command whose model is built in code
 * takes the same options from {@link #mixin()}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class DecodeLimitOptions {
    private static final String MAX_PIXELS =
            "Largest width x height decoded; larger images get error image_too_large. Default: ${DEFAULT-VALUE}.";
    private static final String MAX_FILE_SIZE = "Largest file decoded, in bytes (suffixes K, M, G allowed); larger"
            + " files get error file_too_large and no perceptual hash. Default: ${DEFAULT-VALUE} (256M).";

    @Option(names = "--max-pixels", paramLabel = "N", description = MAX_PIXELS)
    long maxPixels = DecodeLimits.DEFAULT_MAX_PIXELS;

    @Option(
            names = "--max-file-size",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description = MAX_FILE_SIZE)
    long maxFileBytes = DecodeLimits.DEFAULT_MAX_FILE_BYTES;

    /** Options at the engine's defaults, until picocli sets them. */
    public DecodeLimitOptions() {}

    /**
     * The options above as a picocli mixin built in code and bound to this object: the annotations' model without
     * reading them (a start-up cost; see {@link OptionBinding}). The CLI's tests check that the two agree.
     */
    public CommandSpec mixin() {
        return CommandSpec.create()
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--max-pixels")
                                        .paramLabel("N")
                                        .type(long.class)
                                        .description(MAX_PIXELS),
                                () -> maxPixels,
                                (Long v) -> maxPixels = v)
                        .build())
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--max-file-size")
                                        .paramLabel("BYTES")
                                        .type(long.class)
                                        .converters(new ByteSizeConverter())
                                        .description(MAX_FILE_SIZE),
                                () -> maxFileBytes,
                                (Long v) -> maxFileBytes = v)
                        .build());
    }

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
