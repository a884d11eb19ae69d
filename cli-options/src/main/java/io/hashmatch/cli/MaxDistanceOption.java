package io.hashmatch.cli;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.match.ListSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The largest PDQ distance reported as a hit on a list, for the commands that match against lists ({@code match},
 * {@code scan}, the Spark job {@code retro-scan}), mixed into each ({@link CommandLine.Mixin}): {@code --max-distance}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
public final class MaxDistanceOption {
    @Option(
            names = "--max-distance",
            paramLabel = "N",
            description = "Largest PDQ Hamming distance reported as a hit, 0..256. Default: ${DEFAULT-VALUE}.")
    int maxDistance = ListSettings.DEFAULT_MAX_DISTANCE;

    /** The option at the engine's default, until picocli sets it. */
    public MaxDistanceOption() {}

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
