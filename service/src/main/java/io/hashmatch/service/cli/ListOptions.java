package io.hashmatch.service.cli;

import io.hashmatch.cli.OptionBinding;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The lists a matching command ({@code match}, {@code scan}) searches, mixed into each ({@link CommandLine.Mixin}):
 * {@code --list} and {@code --suppression}. {@code --list} is required but checked by {@link #check} rather than
 * declared required: picocli would demand it of a subcommand ({@code scan verify}) too. A command whose model is built
 * in code takes them from {@link #mixin()}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per command.
 */
final class ListOptions {
    /** What each command adds a list to, told whether it is a suppression list. */
    @FunctionalInterface
    interface ListSink {
        void add(HashListSnapshot list, boolean suppression);
    }

    private static final String LIST = "Required: a snapshot to match against, or a list file (any format list import"
            + " reads, imported for this run as serve --list does); repeat for several (list names must differ).";
    private static final String SUPPRESSION = "A snapshot or list file of known false positives (repeatable): a hit on"
            + " it cancels the other hits of the same hash or file.";

    @Option(names = "--list", paramLabel = "FILE", description = LIST)
    List<Path> lists = new ArrayList<>();

    @Option(names = "--suppression", paramLabel = "FILE", description = SUPPRESSION)
    List<Path> suppressionLists = new ArrayList<>();

    /**
     * The options as a picocli mixin built in code and bound to this object: the annotations' model without reading
     * them (a start-up cost; see {@link OptionBinding}). A test checks that the two agree.
     */
    CommandSpec mixin() {
        return CommandSpec.create()
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--list")
                                        .paramLabel("FILE")
                                        .type(List.class)
                                        .auxiliaryTypes(Path.class)
                                        .description(LIST),
                                () -> lists,
                                (List<Path> v) -> lists = v)
                        .build())
                .addOption(OptionBinding.bind(
                                OptionSpec.builder("--suppression")
                                        .paramLabel("FILE")
                                        .type(List.class)
                                        .auxiliaryTypes(Path.class)
                                        .description(SUPPRESSION),
                                () -> suppressionLists,
                                (List<Path> v) -> suppressionLists = v)
                        .build());
    }

    /**
     * Checks that there is a {@code --list} and that every list given is a file.
     *
     * @throws CommandLine.ParameterException if not
     */
    void check(CommandLine cmd) {
        if (lists.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "Missing required option: '--list=FILE'");
        }
        lists.forEach(p -> CliFiles.requireFile(cmd, p));
        suppressionLists.forEach(p -> CliFiles.requireFile(cmd, p));
    }

    /** Opens the lists, the {@code --list} ones first, each in the order given, and hands each to {@code sink}. */
    void openInto(OpenedLists opened, ListSink sink) throws IOException, ListImportException {
        for (Path p : lists) {
            sink.add(opened.open(p), false);
        }
        for (Path p : suppressionLists) {
            sink.add(opened.open(p), true);
        }
    }
}
