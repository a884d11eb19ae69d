package io.hashmatch.service.cli;

import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.metadata.EntryMetadata;
import io.hashmatch.list.metadata.EntryMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch list verify}: {@link HashListSnapshot#checkIntegrity()} (every byte against its checksums),
 * then the metadata file beside the snapshot: every entry's record decodes, none lies outside the snapshot, and
 * each agrees with the snapshot on category and source list (so it belongs to this snapshot). Prints
 * {@code ok <checksum>}; a damaged file is reported on stderr with exit 2.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Checks a snapshot and its metadata file completely.",
            "Checks every byte of the snapshot against its CRC32C checksums, then its metadata file (every entry"
                    + " decodes and agrees with the snapshot). Prints 'ok <checksum>'.",
            "A damaged snapshot or metadata file: what is wrong on stderr, exit 2. A snapshot without a metadata"
                    + " file is ok (a note on stderr): matching does not need it.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--skip-metadata",
            description = "Check the snapshot only (opening the metadata store costs seconds).")
    boolean skipMetadata;

    @Parameters(paramLabel = "FILE", description = "The snapshot file.")
    Path file = Path.of("");

    ListVerifyCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        CliFiles.requireFile(cmd, file);
        try (HashListSnapshot s = HashListSnapshot.openUnverified(file)) {
            s.checkIntegrity();
            if (!skipMetadata) {
                if (!Files.exists(s.metadataPath())) {
                    cmd.getErr().println(spec.qualifiedName() + ": note: no metadata file " + s.metadataPath());
                    cmd.getErr().flush();
                } else {
                    String problem = metadataProblem(s);
                    if (problem != null) {
                        cmd.getErr().println(spec.qualifiedName() + ": " + s.metadataPath() + ": " + problem);
                        cmd.getErr().flush();
                        return ExitCodes.SOME_FAILED;
                    }
                }
            }
            cmd.getOut().println("ok " + s.checksum());
            cmd.getOut().flush();
        }
        return ExitCodes.OK;
    }

    /** What is wrong with the snapshot's metadata store, or null. */
    private static @Nullable String metadataProblem(HashListSnapshot s) {
        // a private copy: verifying needs no write access to the file and leaves its modification time alone
        try (EntryMetadataStore store = EntryMetadataStore.openReadOnly(s.metadataPath())) {
            long present = 0;
            for (int e = 0; e < s.entryCount(); e++) {
                Optional<EntryMetadata> m = store.get(e);
                if (m.isEmpty()) {
                    continue;
                }
                present++;
                if (!Objects.equals(m.get().category(), s.category(e))) {
                    return "entry " + e + " has category " + m.get().category() + ", the snapshot says "
                            + s.category(e);
                }
                if (s.sourceList(e) != null && !m.get().sourceList().equals(s.sourceList(e))) {
                    return "entry " + e + " has source list " + m.get().sourceList() + ", the snapshot says "
                            + s.sourceList(e);
                }
            }
            if (store.size() != present) {
                return store.size() + " records, but only " + present + " for the snapshot's " + s.entryCount()
                        + " entries";
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            // a damaged store fails in Chronicle Map or in the value decoder, with whatever exception they throw
            return "cannot be read: " + OneLineExecutionExceptionHandler.describe(e);
        }
    }
}
