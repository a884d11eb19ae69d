package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch list}: dispatches to the snapshot commands {@code import}, {@code info}, {@code verify},
 * {@code export} and {@code publish}.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Imports hash lists into snapshot files (.hmsnap), and shows, verifies, exports and publishes snapshots.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            ListImportCommand.class,
            ListInfoCommand.class,
            ListVerifyCommand.class,
            ListExportCommand.class,
            ListPublishCommand.class
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    ListCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
