package io.hashmatch.service.cli;

import io.hashmatch.cli.OptionBinding;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The number of threads that hash files in parallel in {@code hash} and {@code scan}, mixed into each
 * ({@link CommandLine.Mixin}): {@code --threads}. A command whose model is built in code takes it from {@link #mixin()}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class ThreadOptions {
    private static final String THREADS =
            "Threads that hash files in parallel. Default: the number of processors (${DEFAULT-VALUE}).";

    @Option(names = "--threads", paramLabel = "N", description = THREADS)
    int threads = Runtime.getRuntime().availableProcessors();

    /**
     * The option as a picocli mixin built in code and bound to this object: the annotation's model without reading it
     * (a start-up cost; see {@link OptionBinding}). A test checks that the two agree.
     */
    CommandSpec mixin() {
        return CommandSpec.create()
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--threads")
                                        .paramLabel("N")
                                        .type(int.class)
                                        .description(THREADS),
                                () -> threads,
                                (Integer v) -> threads = v)
                        .build());
    }

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
