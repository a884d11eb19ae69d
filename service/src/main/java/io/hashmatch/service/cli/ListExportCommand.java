package io.hashmatch.service.cli;

import io.hashmatch.list.EntryMetadataStore;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListImporter;
import io.hashmatch.list.format.ListFormat;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Writes a snapshot back as a list file (VICS JSON or CSV).",
        "Writes the entries in entry order as VICS 2.0 JSON or ThreatExchange"
            + " dataset CSV (one row per hash; external_id, date_added, entry columns). Importing it again gives the"
            + " same entries.",
        "The snapshot is verified first (a damaged one: exit 2). With its metadata file, entries keep their"
            + " external id, tags, date added and PhotoDNA hash.",
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
    exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "vics", converter = FormatConverter.class,
      description = "vics (VICS 2.0 JSON) or csv (ThreatExchange dataset CSV). Default: ${DEFAULT-VALUE}.")
  ListFormat format = ListFormat.VICS_JSON;

  @Option(names = {"-o", "--out"}, paramLabel = "OUT",
      description = "Write to this file (replaced atomically) instead of standard output.")
  @Nullable Path out;

  @Option(names = "--no-metadata",
      description = "Leave out external ids, tags, dates and PhotoDNA even when the metadata file exists (opening it"
          + " costs seconds).")
  boolean noMetadata;

  @Parameters(paramLabel = "FILE", description = "The snapshot file.")
  Path file = Path.of("");

  ListExportCommand() {}

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    CliFiles.requireFile(cmd, file);
    Path target = out;
    if (target != null) {
      CliFiles.requireWritableTarget(cmd, target);
    }
    try (HashListSnapshot s = HashListSnapshot.open(file)) {
      EntryMetadataStore metadata = noMetadata || !Files.isRegularFile(s.metadataPath()) ? null : s.metadata();
      if (target == null) {
        try (OutputStream stdout = new WriterOutputStream(cmd.getOut())) {
          ListImporter.export(s, metadata, format, stdout);
        }
        HashRecordWriter.checkError(cmd.getOut());
      } else {
        int[] written = new int[1];
        CliFiles.writeAtomically(target, o -> written[0] = ListImporter.export(s, metadata, format, o));
        cmd.getOut().println("exported " + written[0] + " entries to " + target);
        cmd.getOut().flush();
      }
    }
    return ExitCodes.OK;
  }

  /** {@code vics} or {@code csv}: the formats {@link ListImporter#export} writes. */
  static final class FormatConverter implements CommandLine.ITypeConverter<ListFormat> {
    @Override
    public ListFormat convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "vics" -> ListFormat.VICS_JSON;
        case "csv", "te-csv" -> ListFormat.TE_CSV;
        default -> throw new CommandLine.TypeConversionException("unknown export format '" + value + "' (vics, csv)");
      };
    }
  }
}
