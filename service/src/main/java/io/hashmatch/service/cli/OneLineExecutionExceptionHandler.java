package io.hashmatch.service.cli;

import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.ListImportException;
import io.hashmatch.list.format.ListFormatException;
import io.hashmatch.service.lists.ImportOptionNames;
import picocli.CommandLine;

/**
 * Reports a failure of a command's business logic as one line on stderr, {@code <command>: <message>},
 * without a stack trace. Bad input data, an invalid list file ({@link ListImportException}: the message is
 * {@code file:line[:column]: reason}) or a hashmatch file this build cannot read ({@link FileFormatException}:
 * a snapshot, metadata store or scan journal of a too old or too new format version, or damaged; the file and
 * what is wrong), returns {@link ExitCodes#SOME_FAILED}; anything else {@link ExitCodes#USAGE_OR_FATAL}. Per-file
 * failures of {@code hash} and per-query failures of {@code match} never get here: they are records.
 */
final class OneLineExecutionExceptionHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        cmd.getErr()
                .println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex) + remedy(ex, cmd.getCommandSpec()));
        cmd.getErr().flush();
        return isBadInput(ex) ? ExitCodes.SOME_FAILED : ExitCodes.USAGE_OR_FATAL;
    }

    /** Whether {@code ex} says the input data is invalid (exit 2) rather than the command could not run. */
    static boolean isBadInput(Throwable ex) {
        return ex instanceof ListImportException
                || ex instanceof FileFormatException
                || (ex instanceof java.io.UncheckedIOException u && u.getCause() instanceof FileFormatException);
    }

    /**
     * For a list the command could not import, what would import it (after {@code "; "}): options of the command
     * when it has them ({@code list import}), else of {@code hashmatch list import}; otherwise empty.
     */
    private static String remedy(Exception ex, CommandLine.Model.CommandSpec command) {
        ListFormatException.Remedy remedy =
                ex instanceof ListImportException e ? e.listError().remedy() : null;
        if (remedy == null) {
            return "";
        }
        String fix = ImportOptionNames.remedy(remedy, "--", " ");
        return command.findOption("--kind") != null && command.findOption("--duplicates") != null
                ? "; " + fix
                : "; import it with hashmatch list import: " + fix;
    }

    static String describe(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        return ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException || isBadInput(ex)
                ? message
                : message + " (" + ex.getClass().getSimpleName() + ")";
    }
}
