package io.hashmatch.service.cli;

import io.hashmatch.service.audit.AuditChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch audit verify FILE... | DIR}: checks that every line of an audit log carries the hash of the line
 * before, across its rotated files given in order or found in a folder ({@link AuditChain#verify(List)}). Prints each
 * {@code recovered} line met ({@code FILE:<line>: <the line>}), a set that continues files not given ({@code starts
 * after <file> (not given)}), then, intact, {@code ok <lines> lines, head <sha-256>} ({@code ok <lines> lines in <n>
 * files, ...} for several), exit 0. Broken: prints {@code FILE:<line>: <what is wrong>} on stderr, exit 2. A log of
 * another format version: {@code verify: FILE: line 1: audit log format version N is too new: ...} on stderr, exit 2.
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
            "Give its files oldest first (rotated files, then the current one), or the folder that holds them.",
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

    @Parameters(
            paramLabel = "FILE",
            arity = "1..*",
            description = "The audit log's files in order (hashmatch.audit.file last), or the folder that holds them.")
    List<Path> paths = List.of();

    AuditVerifyCommand() {}

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        List<Path> files;
        if (paths.size() == 1 && Files.isDirectory(paths.get(0))) {
            try {
                files = AuditChain.filesIn(paths.get(0));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, String.valueOf(e.getMessage()));
            }
        } else {
            for (Path p : paths) {
                CliFiles.requireFile(cmd, p);
            }
            files = paths;
        }
        AuditChain.Verification v = AuditChain.verify(files);
        if (v.startsAfter() != null) {
            cmd.getOut().println("starts after " + v.startsAfter() + " (not given)");
        }
        for (AuditChain.Event e : v.events()) {
            cmd.getOut().println(e.file() + ":" + e.line() + ": " + e.text());
        }
        if (!v.intact()) {
            cmd.getOut().flush();
            cmd.getErr().println(v.brokenFile() + ":" + v.brokenLine() + ": " + v.reason());
            cmd.getErr().flush();
            return ExitCodes.SOME_FAILED;
        }
        cmd.getOut()
                .println("ok " + v.lines() + " lines" + (files.size() > 1 ? " in " + files.size() + " files" : "")
                        + ", head " + v.head());
        cmd.getOut().flush();
        return ExitCodes.OK;
    }
}
