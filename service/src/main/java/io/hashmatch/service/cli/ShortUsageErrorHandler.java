package io.hashmatch.service.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Reports invalid input the way Unix tools do: for a command line that does not parse, the error, suggestions
 * for a mistyped option or subcommand, the synopsis, and "Try '... --help'"; for an {@link InvalidInputException}
 * (the command line parsed, but a file or value is wrong) the error alone, in one line. All on stderr; returns
 * the command's {@code exitCodeOnInvalidInput} ({@link ExitCodes#USAGE_OR_FATAL}).
 */
final class ShortUsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        if (ex instanceof InvalidInputException) {
            err.println(spec.qualifiedName() + ": " + ex.getMessage());
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        List<String> unknown =
                ex instanceof CommandLine.MissingParameterException ? unknownOptions(spec, args) : List.of();
        if (!unknown.isEmpty()) {
            // picocli reports a missing required option, not an unknown one given with it: a mistyped required
            // option would be reported as missing, without the typo. Name the typo first.
            CommandLine.UnmatchedArgumentException typo = new CommandLine.UnmatchedArgumentException(cmd, unknown);
            err.println(spec.qualifiedName() + ": " + typo.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(typo, err);
        }
        err.println(spec.qualifiedName() + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.print(cmd.getHelp().fullSynopsis());
        err.printf("Try '%s --help' for more information.%n", spec.qualifiedName());
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /** The arguments before {@code --} that look like options ({@code -x}, {@code --x[=v]}) and that {@code spec} lacks. */
    private static List<String> unknownOptions(CommandLine.Model.CommandSpec spec, String[] args) {
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1 && !isNumber(arg)) {
                int eq = arg.indexOf('=');
                String name = eq > 0 ? arg.substring(0, eq) : arg;
                if (spec.findOption(name) == null) {
                    unknown.add(name);
                }
            }
        }
        return unknown;
    }

    /** A negative number is an option's value, not an option. */
    private static boolean isNumber(String arg) {
        return arg.substring(1).chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
