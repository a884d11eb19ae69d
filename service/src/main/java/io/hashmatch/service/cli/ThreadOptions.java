package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The number of threads that hash files in parallel in {@code hash} and {@code scan}, mixed into each
 * ({@link CommandLine.Mixin}): {@code --threads}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class ThreadOptions {
    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads that hash files in parallel. Default: the number of processors (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    /**
     * The number of threads given.
     *
     * @throws CommandLine.ParameterException if it is below 1
     */
    int threads(CommandLine cmd) {
        if (threads < 1) {
            throw new InvalidInputException(cmd, "--threads must be at least 1: " + threads);
        }
        return threads;
    }
}
