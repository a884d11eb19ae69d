package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch keys}: dispatches to {@code create}.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Creates API keys for hashmatch serve.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {KeysCreateCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:done", ExitCodes.LIST_USAGE})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    KeysCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
