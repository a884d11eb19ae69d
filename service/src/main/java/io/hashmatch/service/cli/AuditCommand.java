package io.hashmatch.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch audit}: dispatches to {@code verify}.
 *
 * <p>Not thread-safe (picocli command objects hold parsed options); one instance per run.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Checks the audit log of hashmatch serve.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {AuditVerifyCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {AuditVerifyCommand.EXIT_OK, ExitCodes.LIST_USAGE, AuditVerifyCommand.EXIT_BROKEN})
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    AuditCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
