package io.hashmatch.service.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand whose picocli model is built in code and bound to its fields, instead of read from annotations (see
 * {@link HashmatchCommand} for why): the command tree adds {@link #spec()} in place of the class.
 */
interface ModelInCode {
    /** This command's model, wrapping this object. */
    CommandSpec spec();
}
