package io.hashmatch.service.cli;

import io.hashmatch.report.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch scan verify DIR}: checks a scan's report folder against its {@code manifest.sha256}
 * ({@link Manifest#verify}). Prints {@code ok <n> files}, or one problem per line on stderr and exits 2.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Checks that every file of a scan's report folder is listed in its manifest.sha256 with the same"
                + " SHA-256, and that no file was added or removed.",
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
            "0:the folder matches its manifest",
            ExitCodes.LIST_USAGE,
            "2:a file was changed, removed or added (one line each on stderr)"
        })
final class ScanVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A scan's output folder.")
    Path dir = Path.of("");

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
            throw new InvalidInputException(cmd, "no " + Manifest.FILE_NAME + " in " + dir);
        }
        Manifest.Verification v = Manifest.verify(dir);
        if (v.ok()) {
            cmd.getOut().println("ok " + v.files() + " files");
            cmd.getOut().flush();
            return ExitCodes.OK;
        }
        for (String problem : v.problems()) {
            cmd.getErr().println(dir + ": " + problem);
        }
        cmd.getErr().flush();
        return ExitCodes.SOME_FAILED;
    }
}
