package io.hashmatch.service.cli;

import io.hashmatch.list.HashListSnapshot;
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
                    + " checksum (as stored: not recomputed, see 'list verify'), entries, pdq (PDQ hashes), exact (MD5,"
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
        StringBuilder b = new StringBuilder(256);
        try (HashListSnapshot s = HashListSnapshot.openUnverified(file)) {
            b.append("{\"file\":");
            JsonStrings.appendString(b, file.toString());
            b.append(",\"name\":");
            JsonStrings.appendString(b, s.name());
            b.append(",\"version\":");
            JsonStrings.appendString(b, s.version());
            b.append(",\"created\":\"").append(s.created()).append('"');
            b.append(",\"formatVersion\":").append(s.formatVersion());
            b.append(",\"id\":\"").append(s.id()).append('"');
            b.append(",\"checksum\":\"").append(s.checksum()).append('"');
            b.append(",\"entries\":").append(s.entryCount());
            b.append(",\"pdq\":").append(s.pdqCount());
            b.append(",\"exact\":").append(s.exactCount());
            b.append(",\"md5\":").append(s.md5Count());
            b.append(",\"sha1\":").append(s.sha1Count());
            b.append(",\"sha256\":").append(s.sha256Count());
            b.append(",\"videos\":").append(s.videoCount());
            b.append(",\"videoFrames\":").append(s.videoFrameCount());
            b.append(",\"sources\":");
            appendStrings(b, s.sourceLists());
            b.append(",\"categories\":");
            appendStrings(b, s.categories());
            b.append(",\"metadata\":");
            JsonStrings.appendString(b, s.metadataPath().toString());
            b.append(",\"metadataPresent\":").append(Files.isRegularFile(s.metadataPath()));
            b.append('}');
        }
        cmd.getOut().println(b);
        cmd.getOut().flush();
        return ExitCodes.OK;
    }

    private static void appendStrings(StringBuilder b, List<String> strings) {
        b.append('[');
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            JsonStrings.appendString(b, strings.get(i));
        }
        b.append(']');
    }
}
