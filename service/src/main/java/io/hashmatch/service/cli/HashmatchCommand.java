package io.hashmatch.service.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The top command, {@code hashmatch}: only dispatches to its subcommands. A new subcommand is a class
 * listed in {@link #SUBCOMMANDS}; it inherits the error handlers installed by
 * {@link #newCommandLine(CommandLine.IFactory)} and should declare the same exit codes.
 *
 * <p>This command's picocli model, and those of {@code hash} and {@code match} ({@link ModelInCode}), are built in
 * code rather than read from annotations: reading the first annotations of a run generates a proxy class per
 * annotation type at run time, which the start-up cache cannot hold, and on a {@code hash} of a few files that was the
 * larger part of the start (bench/RESULTS.md, "Start-up of `hash`: the command model built in code"; for
 * {@code match}, "Start-up of `match`: the command model built in code"). The other subcommands keep their
 * annotations. Tests check the built models against annotated declarations of the same commands, option by option
 * and help text.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
public final class HashmatchCommand implements Runnable {
    /** A subcommand: its class and the name its {@code @Command} annotation gives it. */
    record Subcommand(String name, Class<?> type) {}

    /**
     * The subcommands, in the order help lists them. They are registered in code rather than in
     * {@code @Command(subcommands)} so that a run of one subcommand builds (by reflection) only that one's model, and
     * their names are written out here so that choosing one reads no other's annotations: see
     * {@link #newCommandLine(CommandLine.IFactory, String[])}. A test checks each name against its annotation (for
     * a {@link ModelInCode}, its model built in code).
     */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("hash", HashCommand.class),
            new Subcommand("match", MatchCommand.class),
            new Subcommand("list", ListCommand.class),
            new Subcommand("scan", ScanCommand.class),
            new Subcommand("serve", ServeCommand.class),
            new Subcommand("video", VideoCommand.class),
            new Subcommand("keys", KeysCommand.class),
            new Subcommand("audit", AuditCommand.class),
            new Subcommand("exchange", ExchangeCommand.class),
            new Subcommand("help", CommandLine.HelpCommand.class));

    /** The name under which picocli keeps {@code mixinStandardHelpOptions}' options. */
    private static final String STANDARD_HELP_OPTIONS = "mixinStandardHelpOptions";

    final CommandSpec spec;

    HashmatchCommand() {
        spec = CommandSpec.wrapWithoutInspection(this)
                .name("hashmatch")
                .versionProvider(new VersionProvider())
                .exitCodeOnInvalidInput(ExitCodes.USAGE_OR_FATAL)
                .exitCodeOnExecutionException(ExitCodes.USAGE_OR_FATAL);
        spec.usageMessage()
                .description("Finds known material by perceptual (PDQ) and exact (MD5, SHA-1, SHA-256) hashes.")
                .synopsisSubcommandLabel("COMMAND");
        exitCodes(spec);
        standardHelpOptions(spec);
    }

    /**
     * The configured command tree: {@code hashmatch} and all its subcommands, created by {@code factory} (picocli's
     * default factory in the application; tests substitute their own), with the one-line error handlers installed.
     */
    public static CommandLine newCommandLine(CommandLine.IFactory factory) {
        return newCommandLine(factory, new String[0]);
    }

    /**
     * The command tree for running {@code args}: when the first argument names a subcommand, the tree holds only
     * that one (building every subcommand's model by reflection would cost start-up time for nothing); otherwise
     * (no argument, an option, {@code help}, a typo that deserves suggestions) the full tree. For {@code hash} it
     * may start loading the native image decoder first ({@code HashCommand.loadDecoderAhead}).
     */
    public static CommandLine newCommandLine(CommandLine.IFactory factory, String[] args) {
        // "help" keeps the full tree: it describes the others
        String only = args.length > 0 && !args[0].equals("help") ? args[0] : null;
        CompletableFuture<Void> decoderLoaded = "hash".equals(only)
                ? HashCommand.loadDecoderAhead(List.of(args).subList(1, args.length)) // while the tree is built
                : null;
        CommandLine cmd = new CommandLine(new HashmatchCommand().spec, factory);
        boolean known = SUBCOMMANDS.stream().anyMatch(sub -> sub.name().equals(only));
        for (Subcommand sub : SUBCOMMANDS) {
            if (!known || sub.name().equals(only)) {
                if (ModelInCode.class.isAssignableFrom(sub.type())) {
                    ModelInCode command = (ModelInCode) create(factory, sub.type());
                    if (command instanceof HashCommand hash && decoderLoaded != null) {
                        hash.decoderLoaded(decoderLoaded);
                    }
                    cmd.addSubcommand(sub.name(), command.spec());
                } else {
                    cmd.addSubcommand(sub.name(), sub.type());
                }
            }
        }
        cmd.setExecutionExceptionHandler(new OneLineExecutionExceptionHandler());
        cmd.setParameterExceptionHandler(new ShortUsageErrorHandler());
        return cmd;
    }

    private static <T> T create(CommandLine.IFactory factory, Class<T> type) {
        try {
            return factory.create(type);
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    /**
     * Adds to {@code spec}, built in code, the exit codes and their help section that every hashmatch command
     * declares (the top command's and {@code hash}'s annotations list the same three).
     */
    static void exitCodes(CommandSpec spec) {
        spec.usageMessage()
                .exitCodeListHeading(ExitCodes.HEADING)
                .exitCodeList(UsageMessageSpec.keyValuesMap(
                        ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED));
    }

    /**
     * Adds to {@code spec}, built in code, what {@code @Command(mixinStandardHelpOptions = true)} adds: {@code -h},
     * {@code --help} and {@code -V}, {@code --version}, as picocli's own mixin declares them, under its name. Call it
     * after the command's other options (picocli adds them last too).
     */
    static void standardHelpOptions(CommandSpec spec) {
        spec.addMixin(
                STANDARD_HELP_OPTIONS,
                CommandSpec.create()
                        .addOption(OptionSpec.builder("-h", "--help")
                                .usageHelp(true)
                                .type(boolean.class)
                                .initialValue(false)
                                .descriptionKey("mixinStandardHelpOptions.help")
                                .description("Show this help message and exit.")
                                .build())
                        .addOption(OptionSpec.builder("-V", "--version")
                                .versionHelp(true)
                                .type(boolean.class)
                                .initialValue(false)
                                .descriptionKey("mixinStandardHelpOptions.version")
                                .description("Print version information and exit.")
                                .build()));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
