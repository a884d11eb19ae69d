package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch exchange}: dispatches to {@code sync}.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
@Command(
        name = "exchange",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Syncs hash exchanges (NCMEC, StopNCII, ThreatExchange, Tech Against Terrorism, a URL) into lists.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {ExchangeSyncCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:done", ExitCodes.LIST_USAGE})
final class ExchangeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    ExchangeCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
