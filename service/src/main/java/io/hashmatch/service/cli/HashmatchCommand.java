package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code hashmatch}: only dispatches to its subcommands. A new subcommand is a class
 * listed in {@code subcommands} below; it inherits the error handlers installed by
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
        subcommands = {
            HashCommand.class,
            MatchCommand.class,
            ListCommand.class,
            ScanCommand.class,
            ServeCommand.class,
            VideoCommand.class,
            KeysCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED})
public final class HashmatchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    HashmatchCommand() {}

    /**
     * The configured command tree: {@code hashmatch} and its subcommands, created by {@code factory} (a
     * {@code MicronautFactory} in the application, so commands can have injected dependencies), with the
     * one-line error handlers installed.
     */
    public static CommandLine newCommandLine(CommandLine.IFactory factory) {
        CommandLine cmd = new CommandLine(HashmatchCommand.class, factory);
        cmd.setExecutionExceptionHandler(new OneLineExecutionExceptionHandler());
        cmd.setParameterExceptionHandler(new ShortUsageErrorHandler());
        return cmd;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
