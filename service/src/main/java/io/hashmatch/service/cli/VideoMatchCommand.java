package io.hashmatch.service.cli;

import io.hashmatch.cli.VideoSamplingOptions;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.video.VideoComparison;
import io.hashmatch.video.VideoDecodeException;
import io.hashmatch.video.VideoEntry;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoIndex;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatch;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VideoSniffer;
import io.hashmatch.video.VpdqFile;
import io.hashmatch.video.VpdqFormatException;
import io.hashmatch.video.VpdqFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch video match}: compares a query video with known videos using the rules of Meta's
 * {@code match-hashes-brute} (frames below the quality threshold dropped, distance strictly below the
 * threshold, duplicates counted), through a {@link VideoIndex} over the known videos' frames. Each input is a
 * vPDQ file or a video (recognised by its bytes, then hashed with {@code --seconds-per-hash}).
 *
 * <p>Known videos also come from snapshots ({@code --list}), matched through their stored frame index.
 *
 * <p>Output: one TSV line per known video, in argument order (then, per {@code --list}, one line per video of
 * the snapshot that shares a matching frame with the query): {@code query, compared, query %, compared %,
 * hit|miss} (percentages printed as the reference prints them); with {@code --reference-output} and one known
 * video, exactly the reference's two lines instead. Exit 0 when everything was read; 2 if an input was a
 * broken vPDQ file or an undecodable video (one line on stderr; nothing printed).
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "match",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Matches QUERY against each KNOWN video with the rules of Meta's vPDQ matcher; a hit needs both"
                    + " percentages at their thresholds.",
            "Each argument is a vPDQ hash file (frameIndex,quality,hash,timestamp lines) or a video; --list adds the"
                    + " videos of a snapshot made by 'list import' of vPDQ files."
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_BAD_INPUT})
final class VideoMatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VideoMatchOptions.Named thresholds = new VideoMatchOptions.Named();

    @Mixin
    VideoSamplingOptions videoSampling = new VideoSamplingOptions();

    @Option(
            names = "--reference-output",
            description = "Print the reference matcher's two lines (needs exactly one KNOWN).")
    boolean referenceOutput;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query: a vPDQ file or a video.")
    Path query = Path.of("");

    @Option(
            names = "--list",
            paramLabel = "LIST",
            description = "A snapshot (.hmsnap) whose videos are known videos too, or a list file (e.g. vPDQ files,"
                    + " imported for this run as serve --list does); repeatable; each video is reported as"
                    + " LIST#ENTRY.")
    List<Path> lists = List.of();

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KNOWN", description = "Known videos or vPDQ files.")
    List<Path> known = List.of();

    VideoMatchCommand() {}

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        VideoMatcher matcher = thresholds.matcher(cmd);
        VideoHasher hasher = InvalidInputException.checked(cmd, () -> videoSampling.hasher(VideoHasher.NO_PRUNING));
        VideoLimits limits = InvalidInputException.checked(cmd, videoSampling::limits);
        if (referenceOutput && (known.size() != 1 || !lists.isEmpty())) {
            throw new InvalidInputException(cmd, "--reference-output needs exactly one KNOWN and no --list");
        }
        if (known.isEmpty() && lists.isEmpty()) {
            throw new InvalidInputException(cmd, "nothing to match against: give KNOWN files or --list");
        }
        List<Path> all = new ArrayList<>();
        all.add(query);
        all.addAll(known);
        for (Path p : all) {
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException(cmd, "no such file: " + p);
            }
        }
        Map<Path, List<VpdqFrame>> frames = new HashMap<>();
        for (Path p : all) {
            if (frames.containsKey(p)) {
                continue;
            }
            try {
                frames.put(p, read(p, hasher, limits));
            } catch (VpdqFormatException | VideoDecodeException e) {
                cmd.getErr().println(e instanceof VideoDecodeException ? p + ": " + e.getMessage() : e.getMessage());
                cmd.getErr().flush();
                return ExitCodes.SOME_FAILED;
            }
        }
        List<VpdqFrame> queryFrames = Objects.requireNonNull(frames.get(query)); // every file was read above
        List<VideoEntry> entries = new ArrayList<>();
        for (Path p : known) {
            entries.add(new VideoEntry(p.toString(), Objects.requireNonNull(frames.get(p))));
        }
        List<VideoMatch> matches = VideoIndex.build(entries).match(queryFrames, matcher);
        PrintWriter out = cmd.getOut();
        List<String> listLines = new ArrayList<>();
        for (Path list : lists) {
            try (OpenedLists opened = new OpenedLists()) {
                HashListSnapshot snapshot = opened.open(list);
                // only the videos sharing a frame are reported: the rest score 0.00 / 0.00
                for (VideoMatch m : snapshot.videoIndex().match(queryFrames, matcher)) {
                    VideoComparison c = m.comparison();
                    listLines.add(query + "\t" + list + "#" + m.id() + "\t"
                            + VideoComparison.formatPercent(c.queryMatchedPercent()) + "\t"
                            + VideoComparison.formatPercent(c.comparedMatchedPercent()) + "\t"
                            + (m.hit() ? "hit" : "miss"));
                }
            }
        }
        if (referenceOutput) {
            // one known video: the index reports it iff a frame matched; otherwise the reference's own counts
            VideoComparison c = matches.isEmpty()
                    ? matcher.compare(queryFrames, entries.get(0).frames())
                    : matches.get(0).comparison();
            out.print(c.referenceOutput());
        } else {
            Map<Integer, VideoMatch> byVideo = new HashMap<>();
            for (VideoMatch m : matches) {
                byVideo.put(m.video(), m);
            }
            out.println("query\tcompared\tquery_matched_pct\tcompared_matched_pct\tresult");
            for (int v = 0; v < entries.size(); v++) {
                VideoMatch m = byVideo.get(v);
                VideoComparison c = m != null
                        ? m.comparison()
                        : matcher.compare(queryFrames, entries.get(v).frames());
                out.println(query + "\t" + entries.get(v).id() + "\t"
                        + VideoComparison.formatPercent(c.queryMatchedPercent())
                        + "\t" + VideoComparison.formatPercent(c.comparedMatchedPercent()) + "\t"
                        + (m != null && m.hit() ? "hit" : "miss"));
            }
            listLines.forEach(out::println);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A vPDQ file, or a video recognised by its bytes and hashed. */
    private static List<VpdqFrame> read(Path p, VideoHasher hasher, VideoLimits limits)
            throws IOException, VpdqFormatException, VideoDecodeException {
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(VideoSniffer.PREFIX_BYTES);
        }
        if (VideoSniffer.detect(head).isPresent()) {
            return hasher.hash(p, limits).frames();
        }
        try (var reader = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            return VpdqFile.read(reader, p.toString());
        }
    }
}
