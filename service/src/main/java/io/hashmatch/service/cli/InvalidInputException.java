package io.hashmatch.service.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Invalid input found after the command line parsed: a file that does not exist, a value out of range, options
 * that do not go together. {@link ShortUsageErrorHandler} reports it in one line, without the synopsis, which
 * would not help; exit {@link ExitCodes#USAGE_OR_FATAL}.
 *
 * <p>Immutable once thrown.
 */
final class InvalidInputException extends CommandLine.ParameterException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong; null (an exception without one passed on) says only "invalid input" */
    InvalidInputException(CommandLine cmd, @Nullable String message) {
        super(cmd, message == null ? "invalid input" : message);
    }
}
