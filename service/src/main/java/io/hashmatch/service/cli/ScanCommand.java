package io.hashmatch.service.cli;

import io.hashmatch.cli.ByteSizeConverter;
import io.hashmatch.cli.DecodeLimitOptions;
import io.hashmatch.cli.MaxDistanceOption;
import io.hashmatch.cli.VideoSamplingOptions;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.format.VicsVersion;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import io.hashmatch.report.BlurredThumbnail;
import io.hashmatch.report.Custody;
import io.hashmatch.report.NearDuplicateGroups;
import io.hashmatch.report.ScanReport;
import io.hashmatch.scan.ArchiveLimits;
import io.hashmatch.scan.ScanResult;
import io.hashmatch.scan.ScanSetupException;
import io.hashmatch.scan.Scanner;
import io.hashmatch.service.cli.output.ProgressLine;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashmatch scan}: the analyst's scan of a seized drive. Thin over the engine: it checks options, opens
 * the lists, runs a {@link Scanner} into the output folder's journal, then writes the reports
 * ({@link ScanReport}) and the manifest. Ctrl-C cancels the scanner from a shutdown hook and waits for the
 * journal to be closed. {@code scan verify DIR} checks a report folder's manifest.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = {ScanVerifyCommand.class},
        description = {
            "Scans files, folders and the archives in them (ZIP, TAR, gzip, bzip2, xz, 7z, nested) against hash lists"
                    + " and writes the reports into --out: files.jsonl, files.csv, hits.csv, hits.vics.json (VICS 2.0),"
                    + " custody.json, report.html and manifest.sha256 (check it with 'hashmatch scan verify DIR').",
            "Each image is matched with its query-side variants unless --no-variants: the picture inside a border,"
                    + " letterbox bars or a meme frame, each tile of a collage, the photo inside a screenshot, and"
                    + " their rotations and mirrors; a hit between variants names them (query_variant, entry_variant)"
                    + " in files.jsonl, hits.csv and report.html.",
            "Videos get vPDQ (Meta's vpdq-hash-video sampling, --seconds-per-hash) and are matched against the lists'"
                    + " video entries with the rules of 'video match' (--video-* options); each hashed video's frames are"
                    + " written to DIR/vpdq/SHA256.vpdq in the reference's format.",
            "Disk images (raw/dd, split raw .001, EnCase E01; MBR/GPT; FAT, exFAT, NTFS, ext2/3/4) are read through"
                    + " The Sleuth Kit (libtsk19), never mounted: their files as IMAGE!/p1/PATH, deleted files, and"
                    + " objects carved out of unallocated space as IMAGE!/unallocated@0xOFFSET+LENGTH; custody.json states"
                    + " each image's hashes before and after the scan.",
            "Evidence is only read: files are opened read-only, symbolic links out of a scanned folder are not followed,"
                    + " and --out may not lie inside a scanned path. Kinds come from the bytes, never from file names.",
            "Every finished file is appended to DIR/journal.jsonl; after a crash, a kill or Ctrl-C, the same command"
                    + " with --resume skips finished files and ends with the same reports.",
            "To scan a folder named 'verify', write it ./verify."
        },
        exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
        exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
            "0:every file was scanned",
            ExitCodes.LIST_USAGE,
            "2:some files could not be read or decoded (each is in the reports with its reason), or a list is damaged",
            "130:interrupted (Ctrl-C): the journal is consistent; run again with --resume"
        })
final class ScanCommand implements Callable<Integer> {
    /** Journal file name inside the output folder. */
    static final String JOURNAL = "journal.jsonl";

    @Spec
    CommandSpec spec;

    @Mixin
    ListOptions listOptions = new ListOptions();

    @Option(
            names = "--known-good",
            paramLabel = "FILE",
            description = "A snapshot or list file of known-good files, such as NIST's NSRL (RDSv3 .db or NSRLFile.txt;"
                    + " repeatable): a file it holds by MD5, SHA-1 or SHA-256 is marked known_good (counted, listed in"
                    + " files.csv, not reviewed). A hit on a --list always wins: known-good never hides a hit.")
    List<Path> knownGoodLists = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "hashmatch-scan",
            description = "Output folder (created if missing). Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("hashmatch-scan");

    @Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Option(
            names = "--resume",
            description = "Continue the scan whose journal is in --out (same lists, options and PATHs).")
    boolean resume;

    @Option(names = "--fast", description = "Decode large JPEGs at reduced scale: faster, PDQ not bit-exact.")
    boolean fast;

    @Option(names = "--quiet", description = "No progress bar (there is none either when stderr is not a terminal).")
    boolean quiet;

    @Option(
            names = "--thumbnails",
            paramLabel = "MODE",
            defaultValue = "none",
            description = "none, or blurred: report.html shows each matched image as a strongly blurred greyscale"
                    + " thumbnail, made in memory and revealed by a click. Default: ${DEFAULT-VALUE}.")
    String thumbnails = "none";

    @Option(
            names = "--vics-version",
            paramLabel = "V",
            defaultValue = "2.0",
            description = "VICS data-model version of hits.vics.json: 2.0 or 1.3 (both read by IPED, Griffeye and"
                    + " X-Ways). Default: ${DEFAULT-VALUE}.")
    String vicsVersion = "2.0";

    @Option(names = "--examiner", paramLabel = "NAME", description = "The operator, stated in the chain of custody.")
    @Nullable
    String examiner;

    @Option(names = "--case", paramLabel = "NUMBER", description = "The case number, stated in the chain of custody.")
    @Nullable
    String caseNumber;

    @Mixin
    MaxDistanceOption maxDistanceOption = new MaxDistanceOption();

    @Option(
            names = "--near-distance",
            paramLabel = "N",
            description =
                    "PDQ distance of near-duplicate groups among unmatched images, 0..256. Default: ${DEFAULT-VALUE}.")
    int nearDistance = NearDuplicateGroups.DEFAULT_RADIUS;

    @Option(
            names = "--max-archive-depth",
            paramLabel = "N",
            description = "Deepest archive nesting opened (1: only archives on disk). Default: ${DEFAULT-VALUE}.")
    int maxArchiveDepth = ArchiveLimits.DEFAULT_MAX_DEPTH;

    @Option(
            names = "--max-archive-bytes",
            paramLabel = "BYTES",
            converter = ByteSizeConverter.class,
            description = "Most bytes decompressed out of one file on disk (suffixes K, M, G). Default: 16G.")
    long maxArchiveBytes = ArchiveLimits.DEFAULT_MAX_TOTAL_BYTES;

    @Option(
            names = "--max-archive-ratio",
            paramLabel = "N",
            description = "Most decompressed bytes per byte on disk before an archive counts as a bomb."
                    + " Default: ${DEFAULT-VALUE}.")
    long maxArchiveRatio = ArchiveLimits.DEFAULT_MAX_RATIO;

    @Option(
            names = "--no-vpdq",
            description =
                    "Videos get exact hashes only: no vPDQ, no video matching (much faster on drives full of video).")
    boolean noVpdq;

    @Mixin
    QueryVariantOptions variantOptions = new QueryVariantOptions();

    @Mixin
    DecodeLimitOptions decodeLimitOptions = new DecodeLimitOptions();

    @Mixin
    VideoSamplingOptions videoSampling = new VideoSamplingOptions();

    @Mixin
    VideoMatchOptions.VideoPrefixed videoThresholds = new VideoMatchOptions.VideoPrefixed();

    @Mixin
    CarveOptions carveOptions = new CarveOptions();

    // checked in call(), not declared required: picocli would demand it for 'scan verify' too
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or folders to scan (at least one).")
    List<Path> paths = List.of();

    /** Counted down when the command has finished, reports or interruption message included: the hook waits for it. */
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Applied to the scanner's builder before the command sets its options on it: none but in a test. */
    private final UnaryOperator<Scanner.Builder> scannerHook;

    /** The command as the application runs it. */
    ScanCommand() {
        this(UnaryOperator.identity());
    }

    /**
     * The command with {@code scannerHook} applied to its scanner's builder (before the options, which it cannot
     * change): for a test that runs the command and puts a listener in its scan
     * ({@link Scanner.Builder#beforeScanning}) to stop it at a known point of its work.
     */
    ScanCommand(UnaryOperator<Scanner.Builder> scannerHook) {
        this.scannerHook = scannerHook;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return scan();
        } finally {
            finished.countDown();
        }
    }

    private Integer scan() throws Exception {
        CommandLine cmd = spec.commandLine();
        Settings s = checkOptions(cmd);
        try {
            VicsVersion.fromLabel(vicsVersion); // checked before the scan, used by the report
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, "--vics-version: " + e.getMessage());
        }
        boolean created = !Files.exists(out);
        Files.createDirectories(out);
        boolean wrote = false;
        try {
            Integer exit = scan(cmd, s);
            wrote = true;
            return exit;
        } finally {
            if (created && !wrote) {
                deleteIfEmpty(out); // a scan that failed before its journal leaves no empty folder behind
            }
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException e) {
            // not empty (the journal of an interrupted scan: kept for --resume) or gone: nothing to tidy
        }
    }

    private Integer scan(CommandLine cmd, Settings s) throws Exception {
        try (OpenedLists opened = new OpenedLists()) {
            Matcher.Builder mb = Matcher.newBuilder();
            List<Custody.ListInfo> listInfos = new ArrayList<>();
            StringBuilder listKey = new StringBuilder();
            listOptions.openInto(
                    opened, (list, suppression) -> addList(cmd, mb, list, suppression, listInfos, listKey));
            Matcher matcher = mb.build();
            Matcher knownGood = null;
            StringBuilder knownGoodKey = new StringBuilder();
            if (!knownGoodLists.isEmpty()) {
                Matcher.Builder kb = Matcher.newBuilder();
                for (Path p : knownGoodLists) {
                    HashListSnapshot known = opened.open(p);
                    try {
                        kb.addList(known, new ListSettings(0, false));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidInputException(cmd, e.getMessage());
                    }
                    listInfos.add(new Custody.ListInfo(
                            known.name(), known.version(), known.checksum(), known.entryCount(), 0, false, true));
                    knownGoodKey
                            .append(known.name())
                            .append('@')
                            .append(known.checksum())
                            .append(' ');
                }
                knownGood = kb.build();
            }
            Scanner.Builder sb = Scanner.newBuilder();
            if (knownGood != null) {
                sb.knownGood(knownGood, knownGoodKey.toString());
            }
            Scanner scanner = scannerHook
                    .apply(carveOptions.apply(sb))
                    .hasher(variantOptions
                            .hasher()
                            .fast(fast)
                            .limits(s.decodeLimits())
                            .build())
                    .matcher(matcher, listKey.toString())
                    .archiveLimits(s.archiveLimits())
                    .threads(s.threads())
                    .thumbnails(s.thumbnails() ? BlurredThumbnail::dataUri : null)
                    .hashVideos(!noVpdq)
                    .videoSecondsPerHash(videoSampling.secondsPerHash())
                    .videoLimits(s.videoLimits())
                    .videoMatcher(s.videoRules())
                    .resume(resume)
                    .journal(out.resolve(JOURNAL))
                    .build();
            ScanResult result = runInterruptibly(scanner, cmd.getErr());
            if (!result.complete()) {
                cmd.getErr()
                        .println("scan: interrupted; the journal is consistent: run the same command with --resume"
                                + " to finish");
                cmd.getErr().flush();
                return ExitCodes.INTERRUPTED;
            }
            Custody custody = new Custody(
                    new VersionProvider().getVersion()[0],
                    cmd.getParseResult().originalArgs(),
                    examiner,
                    caseNumber,
                    paths.stream().map(Path::toString).toList(),
                    result.runs(),
                    Instant.now(),
                    listInfos);
            ScanReport.Totals totals = ScanReport.write(
                    out,
                    result,
                    custody,
                    nearDistance,
                    Matcher.DEFAULT_MIN_QUALITY,
                    VicsVersion.fromLabel(vicsVersion));
            PrintWriter o = cmd.getOut();
            o.printf(
                    Locale.ROOT,
                    "scanned %d records (%s), %d with errors%n",
                    totals.records(),
                    totals.byKind().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey().label() + " " + e.getValue())
                            .toList()
                            .toString()
                            .replaceAll("[\\[\\]]", ""),
                    totals.failed());
            o.printf(
                    Locale.ROOT,
                    "matched %d records (%d hits); %d near-duplicate groups%n",
                    totals.matched(),
                    totals.hits(),
                    totals.nearGroups());
            if (!knownGoodLists.isEmpty()) {
                o.printf(Locale.ROOT, "known-good %d records (not reviewed)%n", totals.knownGood());
            }
            o.println("reports in " + out);
            o.flush();
            return totals.failed() == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        } catch (ScanSetupException e) {
            throw new InvalidInputException(
                    cmd,
                    e.resumable() && !resume
                            ? out.resolve(JOURNAL) + " already holds a scan journal: run the same command with"
                                    + " --resume to finish that scan, or give another --out folder"
                            : e.getMessage());
        }
    }

    /** Everything the options decide, checked. */
    private record Settings(
            int threads,
            DecodeLimits decodeLimits,
            ArchiveLimits archiveLimits,
            boolean thumbnails,
            VideoLimits videoLimits,
            VideoMatcher videoRules) {}

    private Settings checkOptions(CommandLine cmd) throws IOException {
        listOptions.check(cmd);
        if (paths.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "Missing required parameter: 'PATH'");
        }
        int threads = threadOptions.threads(cmd);
        InvalidInputException.checked(cmd, maxDistanceOption::maxDistance);
        InvalidInputException.requireRange(cmd, "--near-distance", nearDistance, PdqHash.BITS);
        boolean blurred =
                switch (thumbnails) {
                    case "none" -> false;
                    case "blurred" -> true;
                    default ->
                        throw new InvalidInputException(cmd, "--thumbnails must be none or blurred: " + thumbnails);
                };
        DecodeLimits decodeLimits;
        ArchiveLimits archiveLimits;
        VideoLimits videoLimits;
        VideoMatcher videoRules;
        try {
            decodeLimits = decodeLimitOptions.limits();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
        try {
            archiveLimits = new ArchiveLimits(maxArchiveDepth, maxArchiveBytes, maxArchiveRatio);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, "invalid limit: " + e.getMessage());
        }
        videoLimits = InvalidInputException.checked(cmd, videoSampling::limits);
        InvalidInputException.checked(cmd, () -> videoSampling.hasher(VideoHasher.NO_PRUNING)); // checks -r
        videoRules = videoThresholds.matcher(cmd);
        knownGoodLists.forEach(p -> CliFiles.requireFile(cmd, p));
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException(cmd, "--out is not a folder: " + out);
        }
        Path outReal = realPathOfFolder(out);
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new InvalidInputException(cmd, "no such file or directory: " + p);
            }
            Path real = p.toRealPath();
            if (outReal.startsWith(real) || real.startsWith(outReal)) {
                throw new InvalidInputException(
                        cmd,
                        "--out " + out + " must not be inside the scanned path " + p
                                + " (evidence is never written to), nor contain it");
            }
        }
        return new Settings(threads, decodeLimits, archiveLimits, blurred, videoLimits, videoRules);
    }

    /** The real path {@code dir} has or will have once created (its nearest existing ancestor resolved). */
    private static Path realPathOfFolder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs));
    }

    private void addList(
            CommandLine cmd,
            Matcher.Builder builder,
            HashListSnapshot s,
            boolean suppression,
            List<Custody.ListInfo> infos,
            StringBuilder key) {
        int maxDistance = maxDistanceOption.maxDistance();
        ListSettings settings = new ListSettings(maxDistance, suppression);
        try {
            builder.addList(s, settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
        infos.add(new Custody.ListInfo(s.name(), s.version(), s.checksum(), s.entryCount(), maxDistance, suppression));
        key.append(s.name())
                .append('@')
                .append(s.checksum())
                .append(suppression ? "/suppression" : "")
                .append("/d")
                .append(maxDistance)
                .append(' ');
    }

    /**
     * Runs the scanner with a progress line on {@code err} (when it is a terminal and not --quiet) and a shutdown
     * hook that cancels it on Ctrl-C and waits until the command has closed the journal and said so.
     */
    private ScanResult runInterruptibly(Scanner scanner, PrintWriter err) throws IOException, ScanSetupException {
        Thread hook = new Thread(
                () -> {
                    scanner.cancel();
                    try {
                        finished.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "hashmatch-scan-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressLine progress =
                !quiet && ProgressLine.isTerminal() ? ProgressLine.start(scanner.progress(), err) : null;
        try {
            return scanner.run(paths);
        } finally {
            if (progress != null) {
                progress.stop();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
    }
}
