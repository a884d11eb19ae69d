package io.hashmatch.service.cli;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.match.ListSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The largest PDQ distance reported as a hit on a list, for the commands that match against lists ({@code match},
 * {@code scan}), mixed into each ({@link CommandLine.Mixin}): {@code --max-distance}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class MaxDistanceOption {
    @Option(
            names = "--max-distance",
            paramLabel = "N",
            description = "Largest PDQ Hamming distance reported as a hit, 0..256. Default: ${DEFAULT-VALUE}.")
    int maxDistance = ListSettings.DEFAULT_MAX_DISTANCE;

    /**
     * The distance given.
     *
     * @throws CommandLine.ParameterException if it is outside 0..256
     */
    int maxDistance(CommandLine cmd) {
        return InvalidInputException.requireRange(cmd, "--max-distance", maxDistance, PdqHash.BITS);
    }
}
