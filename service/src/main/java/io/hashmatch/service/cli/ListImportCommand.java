package io.hashmatch.service.cli;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ImportReport;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListFormat;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ListWarning;
import io.hashmatch.list.format.ReadOptions;
import io.hashmatch.service.lists.ImportOptionNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch list import}: reads list files with the engine's readers and writes one snapshot (plus its
 * metadata file) with {@link ListImporter#importLists}; prints a summary. All or nothing: an invalid line in any
 * input is reported as {@code file:line[:column]: reason} and nothing is written.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "import",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Imports hash lists into a snapshot file.",
            "The INPUTs are merged in the order given (each entry keeps its source list) into the snapshot FILE and"
                    + " a metadata file beside it (<FILE>.<id>.meta).",
            "Every input is read completely before anything is written: an invalid line anywhere is reported on"
                    + " stderr as file:line[:column]: reason, exit 2, and no file is written or changed.",
            "Prints a summary: entries per input, hashes per kind, videos (vPDQ; when there are any), warnings"
                    + " (file:line: reason), checksum, time.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "auto",
            converter = FormatConverter.class,
            description =
                    "Format of every INPUT: auto (detected from the content), te (= te-text, ThreatExchange signal"
                            + " file), te-csv (ThreatExchange dataset CSV), vics (Project VIC JSON 1.x/2.0), hex (one hash per"
                            + " line, optional one-word header such as MD5), icse (INTERPOL ICSE ';' CSV), ncmec (NCMEC"
                            + " hash-list XML), checksums (md5sum/sha1sum/sha256sum output), nsrl (NIST NSRL RDSv3 SQLite or legacy NSRLFile.txt),"
                            + " jsonl (hashmatch hash records: one entry per record, holding its hashes and the PDQ"
                            + " hashes of its variants) or vpdq (Meta's vPDQ file of one video: one entry with a video). See hashlists/FORMATS.md. Default: ${DEFAULT-VALUE}.")
    @Nullable
    ListFormat format;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            converter = KindConverter.class,
            description =
                    "Kind of the hashes whose kind the file does not state: pdq, md5, sha1 or sha256. Required for"
                            + " hex lists of 64-digit hashes (PDQ or SHA-256); for te files, the kind of bare signals.")
    @Nullable
    HashKind kind;

    @Option(
            names = "--duplicates",
            paramLabel = "POLICY",
            defaultValue = "reject",
            converter = DuplicatesConverter.class,
            description = "A hash twice in one input: reject (an error) or keep-first (drop the later one, with a"
                    + " warning). The same hash in two inputs is never a duplicate. Default: ${DEFAULT-VALUE}.")
    ReadOptions.Duplicates duplicates = ReadOptions.Duplicates.REJECT;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The list's name: what match results call it.")
    String name = "";

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "The list's version label. Default: the time of the import (UTC, ISO-8601).")
    @Nullable
    String version;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "FILE",
            description = "The snapshot file to write (replaced atomically if it exists).")
    Path out = Path.of("");

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "List files to import.")
    List<Path> inputs = List.of();

    ListImportCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (name.isBlank()) {
            throw new InvalidInputException(cmd, "--name must not be blank");
        }
        Map<Path, Path> given = new HashMap<>(); // by real path: the same file through another name or a link
        for (Path input : inputs) {
            CliFiles.requireFile(cmd, input);
            Path first = given.putIfAbsent(input.toRealPath(), input);
            if (first != null) {
                throw new InvalidInputException(
                        cmd,
                        "the same file is given twice (" + first + ", " + input
                                + "): its entries would be imported twice");
            }
        }
        CliFiles.requireWritableTarget(cmd, out);
        ReadOptions options = new ReadOptions(format, kind, null, duplicates);
        List<ListImport.Source> sources = new ArrayList<>(inputs.size());
        for (Path input : inputs) {
            sources.add(new ListImport.Source(input, options));
        }
        String label = version != null
                ? version
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ImportReport report = ListImporter.importLists(sources, name, label, out);
        String checksum;
        int videos;
        try (HashListSnapshot written = HashListSnapshot.openUnverified(report.snapshot())) {
            checksum = written.checksum();
            videos = written.videoCount();
        }
        print(cmd.getOut(), report, label, checksum, videos);
        return ExitCodes.OK;
    }

    private void print(PrintWriter w, ImportReport report, String label, String checksum, int videos) {
        w.println("imported " + report.snapshot() + ": list " + name + ", version " + label);
        w.println("entries: " + report.entries());
        for (int i = 0; i < inputs.size(); i++) {
            w.println("  " + inputs.get(i) + ": " + report.entriesPerSource().get(i));
        }
        StringJoiner hashes = new StringJoiner(", ", "hashes: ", "");
        report.hashes().forEach((k, n) -> hashes.add(k.label() + " " + n));
        w.println(hashes);
        if (videos > 0) {
            w.println("videos: " + videos + " (vPDQ)");
        }
        w.println("warnings: " + report.warnings().size());
        for (ListWarning warning : report.warnings()) {
            w.println("  " + warning);
        }
        w.println("checksum: " + checksum);
        w.println("id: " + report.id());
        w.println("metadata: " + report.metadata());
        w.println(String.format(Locale.ROOT, "time: %.3f s", report.elapsed().toNanos() / 1e9));
        w.flush();
    }

    /** {@link ImportOptionNames#format}. */
    static final class FormatConverter implements CommandLine.ITypeConverter<@Nullable ListFormat> {
        @Override
        public @Nullable ListFormat convert(String value) {
            try {
                return ImportOptionNames.format(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@link ImportOptionNames#kind}. */
    static final class KindConverter implements CommandLine.ITypeConverter<HashKind> {
        @Override
        public HashKind convert(String value) {
            try {
                return ImportOptionNames.kind(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@link ImportOptionNames#duplicates}. */
    static final class DuplicatesConverter implements CommandLine.ITypeConverter<ReadOptions.Duplicates> {
        @Override
        public ReadOptions.Duplicates convert(String value) {
            try {
                return ImportOptionNames.duplicates(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
