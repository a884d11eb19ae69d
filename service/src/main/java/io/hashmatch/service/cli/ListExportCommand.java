package io.hashmatch.service.cli;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListFormat;
import io.hashmatch.list.format.ListWriter;
import io.hashmatch.list.metadata.EntryMetadataStore;
import io.hashmatch.service.cli.output.HashRecordWriter;
import io.hashmatch.service.cli.output.WriterOutputStream;
import io.hashmatch.service.lists.ImportOptionNames;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch list export}: writes a verified snapshot back as a list file with
 * {@link ListImporter#export}, to standard output or atomically to a file; {@code list import} of the result
 * gives the same entries.
 *
 * <p><b>Videos.</b> Neither VICS nor the ThreatExchange CSV has a field for a vPDQ hash (a list of frame
 * hashes), so video entries are not in the list file. With {@code --vpdq-dir DIR} each video is written there as
 * a vPDQ file in the reference's format ({@code frameIndex,quality,hash,timestamp} lines, as {@code video hash}
 * writes them and {@code list import} reads them), named after its entry's source list when that is a plain
 * file name ending in {@code .txt} or {@code .vpdq} and unique (so re-importing gives the same source list),
 * else {@code entry-<entry>-video-<n>.vpdq}; {@code list import LIST DIR/*} then gives the same entries and
 * videos (a video entry's category is not kept: vPDQ files have none). Without it, the number of videos left
 * out is stated on standard error.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Writes a snapshot back as a list file (VICS JSON, CSV, ICSE CSV, NCMEC XML, checksum or hex lines).",
            "Writes the entries in entry order as VICS 2.0 JSON or ThreatExchange"
                    + " dataset CSV (one row per hash; external_id, date_added, entry columns), or in the other formats"
                    + " as far as each holds them (hashlists/FORMATS.md). Importing it again gives the same entries.",
            "The snapshot is verified first (a damaged one: exit 2). With its metadata file, entries keep their"
                    + " external id, tags, date added and PhotoDNA hash.",
            "Videos (vPDQ) fit neither format: --vpdq-dir DIR writes each as a vPDQ file that 'list import' reads back;"
                    + " without it their number is stated on standard error.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "vics",
            converter = FormatConverter.class,
            description = "vics (VICS 2.0 JSON), csv (ThreatExchange dataset CSV), jsonl (hashmatch hash records, one"
                    + " per entry, with the PDQ hashes of its variants; external id as path), icse (INTERPOL"
                    + " ICSE CSV), ncmec (NCMEC hash-list XML), checksums (md5sum/sha1sum/sha256sum lines) or"
                    + " hex (one hash a line under a one-word header; needs --kind). Default: ${DEFAULT-VALUE}.")
    ListFormat format = ListFormat.VICS_JSON;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            converter = ListImportCommand.KindConverter.class,
            description =
                    "The one hash kind to write: md5, sha1, sha256 or pdq for hex (required), md5, sha1 or sha256 for"
                            + " checksums (default: every MD5, SHA-1 and SHA-256).")
    @Nullable
    HashKind kind;

    @Option(
            names = "--ncmec-member-id",
            paramLabel = "ID",
            description = "With --format ncmec: the NCMEC member id (ESP id) written as <member id> on entries that"
                    + " have none of their own (entries read from NCMEC keep theirs). NCMEC's clients, such as"
                    + " python-threatexchange's, need it on every entry.")
    @Nullable
    Long ncmecMemberId;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "OUT",
            description = "Write to this file (replaced atomically) instead of standard output.")
    @Nullable
    Path out;

    @Option(
            names = "--no-metadata",
            description =
                    "Leave out external ids, tags, dates and PhotoDNA even when the metadata file exists (opening it"
                            + " costs seconds).")
    boolean noMetadata;

    @Option(
            names = "--vpdq-dir",
            paramLabel = "DIR",
            description =
                    "Write each video entry as a vPDQ file (the reference's format) into DIR (created if missing).")
    @Nullable
    Path vpdqDir;

    @Parameters(paramLabel = "FILE", description = "The snapshot file.")
    Path file = Path.of("");

    ListExportCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        try {
            // the writer checks the format and kind before any work (a hex list needs its kind)
            ListWriter.open(OutputStream.nullOutputStream(), format, kind).close();
            if (ncmecMemberId != null) {
                if (format != ListFormat.NCMEC_XML) {
                    throw new IllegalArgumentException("--ncmec-member-id goes with --format ncmec only");
                }
                ListWriter.ncmec(OutputStream.nullOutputStream(), ncmecMemberId).close();
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, String.valueOf(e.getMessage()));
        }
        CliFiles.requireFile(cmd, file);
        Path target = out;
        if (target != null) {
            CliFiles.requireWritableTarget(cmd, target);
        }
        try (HashListSnapshot s = HashListSnapshot.open(file);
                // a private copy: exporting needs no write access to the file and leaves its modification time alone
                EntryMetadataStore metadata = noMetadata || !Files.isRegularFile(s.metadataPath())
                        ? null
                        : EntryMetadataStore.openReadOnly(s.metadataPath())) {
            if (target == null) {
                try (OutputStream stdout = new WriterOutputStream(cmd.getOut())) {
                    ListImporter.export(s, metadata, format, kind, ncmecMemberId, stdout);
                }
                HashRecordWriter.checkError(cmd.getOut());
            } else {
                int[] written = new int[1];
                CliFiles.writeAtomically(
                        target, o -> written[0] = ListImporter.export(s, metadata, format, kind, ncmecMemberId, o));
                cmd.getOut().println("exported " + written[0] + " entries to " + target);
                cmd.getOut().flush();
            }
            if (s.videoCount() > 0) {
                if (vpdqDir == null) {
                    cmd.getErr()
                            .println("hashmatch list export: " + s.videoCount() + " video entries (vPDQ) left out: "
                                    + format.cliName()
                                    + " has no vPDQ field; --vpdq-dir DIR writes them as vPDQ files");
                    cmd.getErr().flush();
                } else {
                    writeVideos(s, vpdqDir);
                    if (target != null) {
                        cmd.getOut().println("exported " + s.videoCount() + " videos to " + vpdqDir);
                        cmd.getOut().flush();
                    }
                }
            }
        }
        return ExitCodes.OK;
    }

    /** Each video as a vPDQ file in {@code dir}, named as the class comment says; each written atomically. */
    private static void writeVideos(HashListSnapshot s, Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        java.util.Map<String, Integer> sourceUses = new java.util.HashMap<>();
        for (int v = 0; v < s.videoCount(); v++) {
            String source = s.sourceList(s.videoEntry(v));
            if (source != null) {
                sourceUses.merge(source, 1, Integer::sum);
            }
        }
        java.util.Map<Integer, Integer> perEntry = new java.util.HashMap<>();
        for (int v = 0; v < s.videoCount(); v++) {
            int entry = s.videoEntry(v);
            int n = perEntry.merge(entry, 1, Integer::sum);
            String source = s.sourceList(entry);
            String name = source != null
                            && Objects.equals(sourceUses.get(source), 1)
                            && PLAIN_VPDQ_NAME.matcher(source).matches()
                    ? source
                    : "entry-" + entry + "-video-" + n + io.hashmatch.video.VpdqFile.EXTENSION;
            String text = io.hashmatch.video.VpdqFile.format(s.videoFrames(v));
            CliFiles.writeAtomically(
                    dir.resolve(name), o -> o.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** A source list name usable as is: a plain file name (no folder, not hidden) of a vPDQ file. */
    private static final java.util.regex.Pattern PLAIN_VPDQ_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}\\.(txt|vpdq)");

    /** {@link ImportOptionNames#exportFormat}: the formats {@link ListImporter#export} writes. */
    static final class FormatConverter implements CommandLine.ITypeConverter<ListFormat> {
        @Override
        public ListFormat convert(String value) {
            try {
                return ImportOptionNames.exportFormat(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
