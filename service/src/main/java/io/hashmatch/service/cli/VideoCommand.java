package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch video}: dispatches to {@code hash} and {@code match}, which read and write Meta's vPDQ
 * files.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
@Command(
        name = "video",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Hashes videos as Meta's vpdq-hash-video does, and matches vPDQ hashes as its matcher does.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {VideoHashCommand.class, VideoMatchCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED})
final class VideoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    VideoCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
