package io.hashmatch.service.cli;

import io.hashmatch.service.audit.AuditChain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch audit verify FILE}: checks that every line of an audit log carries the hash of the line before
 * ({@link AuditChain#verify}). Intact: prints {@code ok <lines> lines, head <sha-256>}, exit 0. Broken: prints
 * {@code FILE:<line>: <what is wrong>} on stderr, exit 2. A log of another format version (its chain starts from another
 * version's genesis): {@code verify: FILE: line 1: audit log format version N is too new: ...} on stderr, exit 2.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Checks the hash chain of an audit log: a deleted, edited or reordered line breaks it at the next line.",
            "Prints 'ok <N> lines, head <sha-256>'. Keep the head elsewhere: the chain alone cannot show that its last"
                    + " lines were cut off.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {AuditVerifyCommand.EXIT_OK, ExitCodes.LIST_USAGE, AuditVerifyCommand.EXIT_BROKEN})
final class AuditVerifyCommand implements Callable<Integer> {
    static final String EXIT_OK = "0:the chain is intact";
    static final String EXIT_BROKEN = "2:the chain is broken: FILE:LINE: reason on stderr (the first broken line)";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The audit log (hashmatch.audit.file).")
    Path file = Path.of("");

    AuditVerifyCommand() {}

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        CliFiles.requireFile(cmd, file);
        AuditChain.Verification v = AuditChain.verify(file);
        if (!v.intact()) {
            cmd.getErr().println(file + ":" + v.brokenLine() + ": " + v.reason());
            cmd.getErr().flush();
            return ExitCodes.SOME_FAILED;
        }
        cmd.getOut().println("ok " + v.lines() + " lines, head " + v.head());
        cmd.getOut().flush();
        return ExitCodes.OK;
    }
}
