package io.hashmatch.service.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.service.json.JsonOutput;
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
 * {@code hashmatch list info}: one JSON object describing a snapshot, from its header and small sections only
 * ({@link HashListSnapshot#openUnverified}: constant time, no checksum pass, no metadata store).
 *
 * <pre>{@code
 * {"file":"demo.hmsnap","name":"demo","version":"1","created":"2026-11-29T10:15:30.123Z","formatVersion":1,
 *  "id":"<32 hex>","checksum":"<8 hex>","entries":17,"pdq":15,"exact":22,"md5":12,"sha1":10,"sha256":0,
 *  "videos":2,"videoFrames":16,"sources":["..."],"categories":["..."],
 *  "metadata":"demo.hmsnap.<id>.meta","metadataPresent":true}
 * }</pre>
 * (one line). {@code exact} counts MD5, SHA-1 and SHA-256 digests together, {@code md5}/{@code sha1}/{@code sha256}
 * each kind; {@code videos} counts the videos (vPDQ hashes, from {@code list import} of vPDQ files) and
 * {@code videoFrames} their frames together (0 and 0 for a format-1 snapshot); {@code checksum} is the one stored in
 * the footer, not recomputed ({@code list verify} does that).
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Shows what a snapshot holds, as JSON.",
            "One JSON object on one line: file, name, version, created, formatVersion, id,"
                    + " checksum (as stored: not recomputed, see 'list verify'), entries, pdq (PDQ hashes; pdqVariants: how many of them are variants of their entry's image, when any), exact (MD5,"
                    + " SHA-1 and SHA-256 digests together), md5, sha1, sha256 (each kind), videos (vPDQ hashes), videoFrames"
                    + " (their frames), sources (merged lists), categories, metadata (its metadata file) and metadataPresent.",
            "Reads the header and small sections only: instant whatever the size.",
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class ListInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The snapshot file.")
    Path file = Path.of("");

    ListInfoCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        CliFiles.requireFile(cmd, file);
        String json;
        try (HashListSnapshot s = HashListSnapshot.openUnverified(file)) {
            json = JsonOutput.write(512, g -> {
                g.writeStartObject();
                g.writeStringField("file", file.toString());
                g.writeStringField("name", s.name());
                g.writeStringField("version", s.version());
                g.writeStringField("created", s.created().toString());
                g.writeNumberField("formatVersion", s.formatVersion());
                g.writeStringField("id", s.id());
                g.writeStringField("checksum", s.checksum());
                g.writeNumberField("entries", s.entryCount());
                g.writeNumberField("pdq", s.pdqCount());
                int variants = s.variantCount();
                if (variants > 0) { // of the pdq hashes, how many are variants of their item's image
                    g.writeNumberField("pdqVariants", variants);
                }
                g.writeNumberField("exact", s.exactCount());
                g.writeNumberField("md5", s.md5Count());
                g.writeNumberField("sha1", s.sha1Count());
                g.writeNumberField("sha256", s.sha256Count());
                g.writeNumberField("videos", s.videoCount());
                g.writeNumberField("videoFrames", s.videoFrameCount());
                writeStrings(g, "sources", s.sourceLists());
                writeStrings(g, "categories", s.categories());
                g.writeStringField("metadata", s.metadataPath().toString());
                g.writeBooleanField("metadataPresent", Files.isRegularFile(s.metadataPath()));
                g.writeEndObject();
            });
        }
        cmd.getOut().println(json);
        cmd.getOut().flush();
        return ExitCodes.OK;
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> strings) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : strings) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
