package io.hashmatch.service.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Reports invalid input the way Unix tools do: the error, suggestions for a mistyped option or
 * subcommand, the synopsis, and "Try '... --help'", all on stderr; returns the command's
 * {@code exitCodeOnInvalidInput} ({@link ExitCodes#USAGE_OR_FATAL}).
 */
final class ShortUsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        err.println(spec.qualifiedName() + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.print(cmd.getHelp().fullSynopsis());
        err.printf("Try '%s --help' for more information.%n", spec.qualifiedName());
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }
}
