package io.hashmatch.service.cli;

import io.hashmatch.service.lists.PublishedList;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch list publish}: {@link PublishedList#publish} a snapshot into a folder that the replicas of a fleet
 * follow ({@code serve --follow}), on shared storage or served by a web server. Prints where the manifest is.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Publishes a snapshot for the replicas that follow it (serve --follow).",
            "Verifies the snapshot completely, copies it into DIR as <list>-<sha256 prefix>.hmsnap, then replaces"
                    + " DIR/<list>.manifest.json (list, version, checksum, SHA-256, size, snapshot file) atomically."
                    + " The previous publication's snapshot is kept for replicas still downloading it; older ones of"
                    + " the list are deleted.",
            "Serve DIR with any web server (replicas poll the manifest with If-None-Match) or share it as a folder.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListPublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The publication folder.")
    Path dir = Path.of("");

    @Parameters(paramLabel = "FILE", description = "The snapshot file (.hmsnap).")
    Path file = Path.of("");

    ListPublishCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        CliFiles.requireFile(cmd, file);
        PublishedList p = PublishedList.publish(file, dir, Instant.now());
        cmd.getOut()
                .println("published list " + p.list() + " version " + p.version() + " (checksum " + p.checksum()
                        + ") as " + dir.resolve(PublishedList.manifestFileName(p.list())));
        cmd.getOut().flush();
        return ExitCodes.OK;
    }
}
