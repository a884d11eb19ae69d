package io.hashmatch.service.cli;

import java.util.function.Supplier;
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

    /**
     * {@code value}'s result, or the usage error with the message of the {@link IllegalArgumentException} it throws
     * (the options shared with the Spark jobs, {@code io.hashmatch.cli}, check themselves so).
     *
     * @throws InvalidInputException if {@code value} throws an {@link IllegalArgumentException}
     */
    static <T> T checked(CommandLine cmd, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
    }

    /**
     * Returns {@code value} if it is 0..{@code max}; otherwise throws the usage error
     * "{@code option} must be 0..{@code max}: {@code value}".
     *
     * @throws InvalidInputException if {@code value} is out of range
     */
    static int requireRange(CommandLine cmd, String option, int value, int max) {
        if (value < 0 || value > max) {
            throw new InvalidInputException(cmd, option + " must be 0.." + max + ": " + value);
        }
        return value;
    }
}
