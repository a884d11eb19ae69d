package io.hashmatch.service.cli;

import io.hashmatch.cli.ByteSizeConverter;
import io.hashmatch.cli.VideoSamplingOptions;
import io.hashmatch.video.VideoDecodeException;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VpdqFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch video hash}: writes each video's vPDQ hash in the reference's format
 * ({@code frameIndex,quality,hash,timestamp} per line), to standard output for one file or to
 * {@code DIR/<file name without extension>.vpdq} ({@link VpdqFile#EXTENSION}, as a scan names them) with
 * {@code --output-dir}. A video that cannot be hashed gets
 * one line on stderr ({@code FILE: code: message}) and exit code 2; the others are still written.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "hash",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Hashes videos exactly as Meta's vpdq-hash-video: every (int)(S x fps)-th decoded frame (every frame"
                    + " for S = 0), PDQ of the full-size frame, output frameIndex,quality,hash,timestamp per line.",
            "One FILE is written to standard output; several need --output-dir."
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED})
final class VideoHashCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VideoSamplingOptions videoSampling = new VideoSamplingOptions();

    @Option(
            names = "--prune-distance",
            paramLabel = "BITS",
            description = "Drop a sampled frame within BITS of the last kept one (not in the reference). Default: off.")
    int pruneDistance = VideoHasher.NO_PRUNING;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "Write DIR/<name>.vpdq per video (the directory is created).")
    @Nullable
    Path outputDir;

    @Option(
            names = "--max-file-size",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description = "Largest video read (suffixes K, M, G allowed). Default: ${DEFAULT-VALUE} (2G).")
    long maxFileBytes = VideoLimits.DEFAULT.maxFileBytes();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Video files (any container FFmpeg reads).")
    List<Path> files = List.of();

    VideoHashCommand() {}

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        VideoHasher hasher;
        VideoLimits limits;
        try {
            hasher = videoSampling.hasher(pruneDistance);
            VideoLimits d = videoSampling.limits();
            limits = new VideoLimits(maxFileBytes, d.maxPixels(), d.maxDurationSeconds(), d.maxFrames(), d.timeLimit());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
        if (files.size() > 1 && outputDir == null) {
            throw new InvalidInputException(cmd, "several FILEs need --output-dir");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException(cmd, "no such file: " + file);
            }
        }
        if (outputDir != null) {
            Files.createDirectories(outputDir);
        }
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        int failed = 0;
        for (Path file : files) {
            VideoHash hash;
            try {
                hash = hasher.hash(file, limits);
            } catch (VideoDecodeException e) {
                err.println(file + ": " + e.getMessage());
                err.flush();
                failed++;
                continue;
            }
            String text = VpdqFile.format(hash.frames());
            if (outputDir == null) {
                out.print(text);
                out.flush();
            } else {
                Files.writeString(outputDir.resolve(stem(file) + VpdqFile.EXTENSION), text, StandardCharsets.UTF_8);
            }
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
