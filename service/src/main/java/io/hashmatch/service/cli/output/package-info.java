/**
 * What the CLI writes, apart from the commands: the records of {@code hashmatch hash} and {@code video hash}
 * ({@link io.hashmatch.service.cli.output.HashRecord}) and their writers per output format
 * ({@link io.hashmatch.service.cli.output.OutputFormat}: JSON Lines, CSV), the scan's progress line, and a byte
 * stream over the command's character output.
 */
@NullMarked
package io.hashmatch.service.cli.output;

import org.jspecify.annotations.NullMarked;
