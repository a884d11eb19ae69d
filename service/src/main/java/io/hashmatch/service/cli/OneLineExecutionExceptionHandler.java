package io.hashmatch.service.cli;

import picocli.CommandLine;

/**
 * Reports a failure of a command's business logic as one line on stderr, {@code <command>: <message>},
 * without a stack trace, and returns {@link ExitCodes#USAGE_OR_FATAL}. Per-file failures never get here:
 * they are records.
 */
final class OneLineExecutionExceptionHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
    cmd.getErr().flush();
    return ExitCodes.USAGE_OR_FATAL;
  }

  static String describe(Throwable ex) {
    String message = ex.getMessage();
    if (message == null || message.isBlank()) {
      return ex.getClass().getSimpleName();
    }
    return ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
        ? message
        : message + " (" + ex.getClass().getSimpleName() + ")";
  }
}
