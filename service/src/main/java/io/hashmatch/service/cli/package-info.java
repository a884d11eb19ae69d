/**
 * The {@code hashmatch} command line: a picocli command tree whose top command is
 * {@link io.hashmatch.service.cli.HashmatchCommand}. Commands are thin: they parse options, call the
 * engine, and write records through {@code spec.commandLine().getOut()} so tests can capture them.
 *
 * <p>Exit codes, shared by every command: {@code 0} everything was processed, {@code 1} usage error or
 * the command could not run (one-line message on stderr), {@code 2} some inputs failed and are reported
 * in their own records.
 */
@NullMarked
package io.hashmatch.service.cli;

import org.jspecify.annotations.NullMarked;
