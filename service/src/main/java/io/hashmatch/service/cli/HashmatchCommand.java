package io.hashmatch.service.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code hashmatch}: only dispatches to its subcommands. A new subcommand is a class
 * listed in {@link #SUBCOMMANDS}; it inherits the error handlers installed by
 * {@link #newCommandLine(CommandLine.IFactory)} and should declare the same exit codes.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
@Command(
        name = "hashmatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds known material by perceptual (PDQ) and exact (MD5, SHA-1, SHA-256) hashes.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED})
public final class HashmatchCommand implements Runnable {
    /** A subcommand: its class and the name its {@code @Command} annotation gives it. */
    record Subcommand(String name, Class<?> type) {}

    /**
     * The subcommands, in the order help lists them. They are registered in code rather than in
     * {@code @Command(subcommands)} so that a run of one subcommand builds (by reflection) only that one's model, and
     * their names are written out here so that choosing one reads no other's annotations: see
     * {@link #newCommandLine(CommandLine.IFactory, String[])}. A test checks each name against its annotation.
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

    @Spec
    CommandSpec spec;

    HashmatchCommand() {}

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
        if ("hash".equals(only)) {
            HashCommand.loadDecoderAhead(List.of(args).subList(1, args.length)); // while the tree is built
        }
        CommandLine cmd = new CommandLine(HashmatchCommand.class, factory);
        boolean known = SUBCOMMANDS.stream().anyMatch(sub -> sub.name().equals(only));
        for (Subcommand sub : SUBCOMMANDS) {
            if (!known || sub.name().equals(only)) {
                cmd.addSubcommand(sub.name(), sub.type());
            }
        }
        cmd.setExecutionExceptionHandler(new OneLineExecutionExceptionHandler());
        cmd.setParameterExceptionHandler(new ShortUsageErrorHandler());
        return cmd;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
