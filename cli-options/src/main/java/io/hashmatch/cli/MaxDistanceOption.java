package io.hashmatch.cli;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.match.ListSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The largest PDQ distance reported as a hit on a list, for the commands that match against lists ({@code match},
 * {@code scan}, the Spark job {@code retro-scan}), mixed into each ({@link CommandLine.Mixin}): {@code --max-distance}.
 * A command whose model is built in code takes it from {@link #mixin()}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class MaxDistanceOption {
    private static final String MAX_DISTANCE =
            "Largest PDQ Hamming distance reported as a hit, 0..256. Default: ${DEFAULT-VALUE}.";

    @Option(names = "--max-distance", paramLabel = "N", description = MAX_DISTANCE)
    int maxDistance = ListSettings.DEFAULT_MAX_DISTANCE;

    /** The option at the engine's default, until picocli sets it. */
    public MaxDistanceOption() {}

    /**
     * The option as a picocli mixin built in code and bound to this object: the annotation's model without reading it
     * (a start-up cost; see {@link OptionBinding}). The CLI's tests check that the two agree.
     */
    public CommandSpec mixin() {
        return CommandSpec.create()
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--max-distance")
                                        .paramLabel("N")
                                        .type(int.class)
                                        .description(MAX_DISTANCE),
                                () -> maxDistance,
                                (Integer v) -> maxDistance = v)
                        .build());
    }

    /**
     * The distance given.
     *
     * @throws IllegalArgumentException if it is outside 0..256, with the message "--max-distance must be 0..256: N"
     */
    public int maxDistance() {
        if (maxDistance < 0 || maxDistance > PdqHash.BITS) {
            throw new IllegalArgumentException("--max-distance must be 0.." + PdqHash.BITS + ": " + maxDistance);
        }
        return maxDistance;
    }
}
