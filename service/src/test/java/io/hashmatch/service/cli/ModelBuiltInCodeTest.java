package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.cli.DecodeLimitOptions;
import io.hashmatch.cli.MaxDistanceOption;
import io.hashmatch.cli.PdqHashOptions;
import io.hashmatch.cli.VideoSamplingOptions;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Matcher;
import io.hashmatch.service.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The picocli models that {@code hashmatch}, {@code hash} and {@code match} build in code, and the mixins' models built in code,
 * against annotated declarations of the same commands (the oracles below, and the mixins' own annotations, which the
 * other commands use): every attribute picocli keeps, option by option, the help texts, and the values a parse leaves.
 */
class ModelBuiltInCodeTest {
    /**
     * {@code hash} declared with annotations, as picocli would read it. Its {@code PATH} has no preprocessor: a parse
     * of it is picocli's own, the oracle for {@link HashCommand.PathsPreprocessor}.
     */
    @Command(
            name = "hash",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            sortOptions = false,
            usageHelpAutoWidth = true,
            description = {
                "Hashes files and directories: one record per file on standard output.",
                "Directories are walked recursively in sorted order (each PATH in the order given); records come out"
                        + " in that order whatever the number of threads.",
                "Symbolic links inside a walked directory are followed only to regular files inside the same tree;"
                        + " other links, FIFOs, devices and unreadable directories get a record with an error, never"
                        + " skipped silently.",
                "A PATH that does not exist is a usage error (exit 1) reported before anything is hashed.",
                "Files that cannot be hashed as images keep md5/sha1/sha256 (when their bytes were read) and get"
                        + " \"error\":{\"code\":...,\"message\":...} instead of pdq/quality/width/height."
            },
            exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
            exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED})
    static final class AnnotatedHash {
        @Mixin
        PdqHashOptions pdqOptions = new PdqHashOptions();

        @Option(
                names = "--variants",
                description =
                        "Also output PDQ variants: hashes of the regions a re-sharer wraps around a photo (trimmed"
                                + " borders, bars and text bands; collage tiles; the photo inside a screenshot), each in its 8"
                                + " rotations and mirrors, the whole image's rotations and mirrors, the image with a"
                                + " translucent overlay taken out (unmark), its grey-level opening that thin overlaid text does"
                                + " not reach (opening) and, when no wrapped picture is found, frames that put back what a"
                                + " small crop cut away (uncrop); at most 274 per image (JSON \"variants\" array; CSV column"
                                + " holding the same array). See engine/VARIANTS.md.")
        boolean variants;

        @Option(
                names = "--variants-for",
                paramLabel = "SIDE",
                defaultValue = "query",
                description = "With --variants: query (regions found in an edited copy, for matching against any"
                        + " PDQ list) or list (crops at 7 scales from 95 %% to 73 %% of each side at positions across"
                        + " the image, an overlapping grid, and the grey-level opening, for building a list that"
                        + " survives crops and overlaid text; at most 320 per image). Default: ${DEFAULT-VALUE}.")
        String variantsFor = "query";

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                defaultValue = "jsonl",
                converter = OutputFormat.Converter.class,
                description = "Record format: jsonl (JSON Lines) or csv (RFC 4180 quoting, header line)."
                        + " Default: ${DEFAULT-VALUE}.")
        OutputFormat format = OutputFormat.JSONL;

        @Mixin
        ThreadOptions threadOptions = new ThreadOptions();

        @Mixin
        DecodeLimitOptions decodeLimits = new DecodeLimitOptions();

        @Mixin
        VideoSamplingOptions videoSampling = new VideoSamplingOptions();

        @Parameters(
                paramLabel = "PATH",
                arity = "1..*",
                converter = HashCommand.PathConverter.class,
                description = "Files or directories to hash.")
        List<Path> paths = List.of();
    }

    /** {@code match} declared with annotations. */
    @Command(
            name = "match",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            sortOptions = false,
            usageHelpAutoWidth = true,
            description = {
                "Looks hashes up in snapshots.",
                "Writes one JSON Lines record per HASH (or, without HASH arguments, per line of standard input; blank"
                        + " lines and # comments skipped), in input order:",
                "  {\"query\":\"<hex>\",\"kind\":\"pdq\",\"hits\":[HIT...],\"matched\":true}",
                "  HIT = {\"list\":\"...\",\"entry\":N,\"distance\":D,\"kind\":\"pdq\",\"category\":\"...\",\"source\":\"...\"}",
                "A hash is 32 hex digits (MD5), 40 (SHA-1) or 64 (PDQ); a SHA-256 is written sha256:<64 hex>; the prefixes"
                        + " pdq:, md5:, sha1: state the kind explicitly. A PDQ hash may end in @Q, its quality (0-100), so"
                        + " that --min-quality applies.",
                "A PDQ hash hits list entries within the list's maximum distance; digests hit equal digests (distance 0)."
                        + " A hit on a suppression list or entry (ThreatExchange NEGATIVE_CLASS) is marked \"suppressing\" and"
                        + " cancels the query's other hits (\"suppressed\"; \"matched\":false).",
                "A line that is not a hash gets a record with \"error\":{\"code\":\"invalid_hash\",\"message\":...} and"
                        + " makes the exit status 2; the other queries are still answered.",
            },
            exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
            exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {
                "0:every query was answered",
                ExitCodes.LIST_USAGE,
                "2:some queries are not hashes (each has a record with an \"error\"), or a snapshot is damaged (stderr)"
            })
    static final class AnnotatedMatch {
        @Mixin
        ListOptions listOptions = new ListOptions();

        @Mixin
        MaxDistanceOption maxDistanceOption = new MaxDistanceOption();

        @Option(
                names = "--list-max-distance",
                paramLabel = "NAME=N",
                description = "The largest distance for the list named NAME (its name, not its file), instead of"
                        + " --max-distance (repeatable).")
        Map<String, Integer> listMaxDistance = new LinkedHashMap<>();

        @Option(
                names = "--variant-distance",
                paramLabel = "N",
                description =
                        "Largest distance of a hit between two variants (a region or transform of the query against"
                                + " one of a list item; neither the whole image as is), 0..256; such hits are also held to"
                                + " --max-distance. Default: ${DEFAULT-VALUE}.")
        int variantDistance = ListSettings.DEFAULT_VARIANT_DISTANCE;

        @Option(
                names = "--input",
                paramLabel = "INPUT",
                defaultValue = "hashes",
                description =
                        "What standard input holds: hashes (one per line) or jsonl (hashmatch hash records, with or"
                                + " without variants: one answer per record, {\"path\":...,\"hits\":[...],\"matched\":...}, each"
                                + " hit naming the queryVariant and entryVariant that met when either is a variant; a record of a"
                                + " file that was not hashed gets {\"path\":...,\"line\":N,\"error\":...}). Default:"
                                + " ${DEFAULT-VALUE}.")
        String input = "hashes";

        @Option(
                names = "--min-quality",
                paramLabel = "Q",
                description =
                        "PDQ queries of known quality below Q are answered \"lowQuality\" instead of searched, 0..100."
                                + " Hashes given as text have no known quality, so this applies to none of them yet."
                                + " Default: ${DEFAULT-VALUE}.")
        int minQuality = Matcher.DEFAULT_MIN_QUALITY;

        @Option(
                names = "--strategy",
                paramLabel = "STRATEGY",
                defaultValue = "auto",
                converter = MatchCommand.StrategyConverter.class,
                description =
                        "PDQ index: auto (chosen per list from its size and distance), bktree, mih (multi-index"
                                + " hashing) or brute (linear scan). Every strategy gives the same records. Default: ${DEFAULT-VALUE}.")
        @Nullable
        IndexStrategy strategy;

        @Option(
                names = "--verify",
                description = "Read every byte of each snapshot against its checksums before matching (as list verify"
                        + " does; about a second per 2 GB). Without it, a snapshot's structure is checked (header, section"
                        + " table, length, footer) and damage inside its sections is caught by list verify.")
        boolean verify;

        @Parameters(
                paramLabel = "HASH",
                arity = "0..*",
                description = "Hashes to look up. Without any, one per line is read from standard input.")
        List<String> hashes = new ArrayList<>();
    }

    /** {@code hashmatch} declared with annotations. */
    @Command(
            name = "hashmatch",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = "Finds known material by perceptual (PDQ) and exact (MD5, SHA-1, SHA-256) hashes.",
            synopsisSubcommandLabel = "COMMAND",
            exitCodeOnInvalidInput = ExitCodes.USAGE_OR_FATAL,
            exitCodeOnExecutionException = ExitCodes.USAGE_OR_FATAL,
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_SOME_FAILED})
    static final class AnnotatedTop {}

    @Test
    void hashModelIsItsAnnotatedDeclaration() {
        assertThat(describe(new HashCommand().spec)).isEqualTo(describe(annotated(new AnnotatedHash())));
    }

    @Test
    void matchModelIsItsAnnotatedDeclaration() {
        assertThat(describe(new MatchCommand().spec)).isEqualTo(describe(annotated(new AnnotatedMatch())));
    }

    @Test
    void topModelIsItsAnnotatedDeclaration() {
        assertThat(describe(new HashmatchCommand().spec)).isEqualTo(describe(annotated(new AnnotatedTop())));
    }

    @Test
    void eachMixinBuiltInCodeIsItsAnnotations() {
        assertThat(describe(new PdqHashOptions().mixin())).isEqualTo(describe(annotated(new PdqHashOptions())));
        assertThat(describe(new DecodeLimitOptions().mixin())).isEqualTo(describe(annotated(new DecodeLimitOptions())));
        assertThat(describe(new ThreadOptions().mixin())).isEqualTo(describe(annotated(new ThreadOptions())));
        assertThat(describe(new VideoSamplingOptions().mixin()))
                .isEqualTo(describe(annotated(new VideoSamplingOptions())));
        assertThat(describe(new MaxDistanceOption().mixin())).isEqualTo(describe(annotated(new MaxDistanceOption())));
        assertThat(describe(new ListOptions().mixin())).isEqualTo(describe(annotated(new ListOptions())));
        assertThat(describe(new PdqHashOptions().mixin())).contains("--dihedral", "--reference-resize", "--fast");
        assertThat(describe(new ListOptions().mixin())).contains("--list", "--suppression", "java.nio.file.Path");
    }

    @Test
    void helpTextsAreTheAnnotatedOnes() {
        String hash = usage(new CommandLine(new HashCommand().spec));
        assertThat(hash).isEqualTo(usage(new CommandLine(new AnnotatedHash())));
        assertThat(hash).contains("--video-time-limit=SECONDS", "Exit Codes:", "-V, --version");
        // Help texts are format strings: a percent sign must be written %% to come out as itself.
        assertThat(hash.replaceAll("\\s+", " ")).contains("crops at 7 scales from 95 % to 73 % of each side");
        String match = usage(new CommandLine(new MatchCommand().spec));
        assertThat(match).isEqualTo(usage(new CommandLine(new AnnotatedMatch())));
        assertThat(match).contains("--list-max-distance=NAME=N", "Default: auto", "[HASH...]", "-V, --version");

        CommandLine annotatedTree = new CommandLine(new AnnotatedTop());
        for (HashmatchCommand.Subcommand sub : HashmatchCommand.SUBCOMMANDS) {
            annotatedTree.addSubcommand(
                    sub.name(),
                    sub.type() == HashCommand.class
                            ? AnnotatedHash.class
                            : sub.type() == MatchCommand.class ? AnnotatedMatch.class : sub.type());
        }
        String top = usage(HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), new String[] {"--help"}));
        assertThat(top).isEqualTo(usage(annotatedTree)).contains("Commands:", "  hash ", "Exit Codes:");
        // the tree of a `hash` run holds the same hash command
        assertThat(usage(HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), new String[] {"hash", "x"})
                        .getSubcommands()
                        .get("hash")))
                .isEqualTo(usage(annotatedTree.getSubcommands().get("hash")))
                .startsWith("Usage: hashmatch hash [-hV]");
        assertThat(usage(HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), new String[] {"match", "x"})
                        .getSubcommands()
                        .get("match")))
                .isEqualTo(usage(annotatedTree.getSubcommands().get("match")))
                .startsWith("Usage: hashmatch match [-hV]");
    }

    @Test
    void aParseLeavesTheValuesTheAnnotatedModelGets() {
        String[][] runs = {
            {"a.png"},
            {
                "--dihedral",
                "--reference-resize",
                "--fast",
                "--variants",
                "--variants-for",
                "list",
                "--format",
                "csv",
                "--threads",
                "3",
                "--max-pixels",
                "100",
                "--max-file-size",
                "2K",
                "-r",
                "2.5",
                "--time-limit",
                "9",
                "a.png",
                "dir"
            },
            {"--threads=1", "--format=jsonl", "--", "-x"}
        };
        for (String[] args : runs) {
            CommandSpec built = new CommandLine(new HashCommand().spec).getCommandSpec();
            CommandSpec declared = new CommandLine(new AnnotatedHash()).getCommandSpec();
            built.commandLine().parseArgs(args);
            declared.commandLine().parseArgs(args);
            assertThat(values(built)).as(String.join(" ", args)).isEqualTo(values(declared));
        }
        CommandSpec built = new CommandLine(new HashCommand().spec).getCommandSpec();
        built.commandLine().parseArgs("--max-file-size", "2K", "--format", "csv", "-r", "2.5", "a", "b");
        assertThat(values(built))
                .contains("--max-file-size=2048", "--format=CSV", "--seconds-per-hash=2.5", "PATH=[a, b]");
    }

    /**
     * The paths taken in one step ({@link HashCommand.PathsPreprocessor}) against picocli's own parse of the same
     * arguments (the annotated model has no preprocessor): the same values, or the same error, for seeded command
     * lines of paths, options, option values, {@code --}, strings that resemble options and one that is no path.
     */
    @Test
    void pathsTakenInOneStepLeaveTheValuesOrTheErrorPicocliGives() {
        long seed = new Random().nextLong();
        System.out.println("pathsTakenInOneStep seed " + seed);
        Random random = new Random(seed);
        String[] words = {
            "a.png",
            "dir",
            "x y.jpg",
            "12",
            "1e3",
            "h",
            "-1",
            "-",
            "--",
            "--threads",
            "2",
            "--format",
            "csv",
            "-r",
            "--reference-resize",
            "--variants",
            "--no-such-option",
            "-x",
            "a\0b.jpg",
            ""
        };
        int fastPaths = 0;
        for (int run = 0; run < 3000; run++) {
            List<String> args = new ArrayList<>();
            int n = random.nextInt(8);
            for (int i = 0; i < n; i++) {
                args.add(words[random.nextInt(words.length)]);
            }
            if (random.nextBoolean()) { // a run of plain paths at the end, as a shell's glob gives
                for (int i = random.nextInt(20); i >= 0; i--) {
                    args.add("f" + random.nextInt(100) + ".jpg");
                }
            }
            String built = parse(new CommandLine(new HashCommand().spec), args);
            assertThat(built)
                    .as("seed " + seed + ": " + args)
                    .isEqualTo(parse(new CommandLine(new AnnotatedHash()), args));
            if (built.contains(".jpg") && !built.startsWith("picocli")) {
                fastPaths++;
            }
        }
        assertThat(fastPaths).as("command lines that parsed with paths").isGreaterThan(500);
    }

    /** The values a parse of {@code args} leaves, or the exception it throws. */
    private static String parse(CommandLine cmd, List<String> args) {
        try {
            cmd.parseArgs(args.toArray(String[]::new));
            return values(cmd.getCommandSpec());
        } catch (CommandLine.PicocliException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void aMatchParseLeavesTheValuesTheAnnotatedModelGets() {
        String[][] runs = {
            {"--list", "a.hmsnap"},
            {
                "--list",
                "a.hmsnap",
                "--list=b.hmsnap",
                "--suppression",
                "s.hmsnap",
                "--max-distance",
                "12",
                "--list-max-distance",
                "a=3",
                "--list-max-distance",
                "b=40",
                "--variant-distance",
                "7",
                "--input",
                "jsonl",
                "--min-quality",
                "60",
                "--strategy",
                "mih",
                "--verify",
                "f8f8",
                "md5:00"
            },
            {"--strategy=brute", "--list", "a", "--", "--x"}
        };
        for (String[] args : runs) {
            CommandSpec built = new CommandLine(new MatchCommand().spec).getCommandSpec();
            CommandSpec declared = new CommandLine(new AnnotatedMatch()).getCommandSpec();
            built.commandLine().parseArgs(args);
            declared.commandLine().parseArgs(args);
            assertThat(values(built)).as(String.join(" ", args)).isEqualTo(values(declared));
        }
        CommandSpec built = new CommandLine(new MatchCommand().spec).getCommandSpec();
        built.commandLine().parseArgs("--list", "a", "--list-max-distance", "x=5", "--strategy", "bktree", "h");
        assertThat(values(built))
                .contains(
                        "--list=[a]",
                        "--list-max-distance={x=5}",
                        "--strategy=BK_TREE",
                        "--input=hashes",
                        "--verify=false",
                        "HASH=[h]");
    }

    private static CommandSpec annotated(Object declaration) {
        return CommandSpec.forAnnotatedObject(declaration);
    }

    private static String usage(CommandLine cmd) {
        StringWriter out = new StringWriter();
        cmd.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }

    /** The option and parameter values of {@code spec}, one per line. */
    private static String values(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            lines.add(o.longestName() + "=" + String.valueOf((Object) o.getValue()));
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            lines.add(p.paramLabel() + "=" + String.valueOf((Object) p.getValue()));
        }
        return String.join("\n", lines);
    }

    /** Every attribute of {@code spec} that picocli's parsing, help and exit codes use, one per line. */
    private static String describe(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        lines.add("name " + spec.name());
        lines.add("version provider " + className(spec.versionProvider()));
        lines.add("exit codes " + spec.exitCodeOnSuccess() + " " + spec.exitCodeOnUsageHelp() + " "
                + spec.exitCodeOnVersionHelp() + " " + spec.exitCodeOnInvalidInput() + " "
                + spec.exitCodeOnExecutionException());
        lines.add("mixins " + spec.mixins().keySet());
        lines.add("mixinStandardHelpOptions " + spec.mixinStandardHelpOptions());
        lines.add("help command " + spec.helpCommand());
        lines.add("separator " + spec.parser().separator());
        CommandLine.Model.UsageMessageSpec u = spec.usageMessage();
        lines.add("description " + Arrays.toString(u.description()));
        lines.add("sort options " + u.sortOptions() + ", auto width " + u.autoWidth() + ", width " + u.width());
        lines.add("synopsis subcommand label " + u.synopsisSubcommandLabel());
        lines.add("exit code list " + u.exitCodeListHeading() + " " + u.exitCodeList());
        for (OptionSpec o : spec.options()) {
            lines.add("option " + Arrays.toString(o.names()) + ": usage help " + o.usageHelp() + ", version help "
                    + o.versionHelp() + ", negatable " + o.negatable() + ", fallback " + o.fallbackValue() + ", order "
                    + o.order() + ", " + arg(o));
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            lines.add("parameter " + p.index() + ": " + arg(p));
        }
        return String.join("\n", lines);
    }

    private static String arg(ArgSpec a) {
        String converters = a.converters() == null
                ? "none"
                : Arrays.stream(a.converters())
                        .map(ModelBuiltInCodeTest::className)
                        .collect(Collectors.joining(","));
        return "arity " + a.arity() + ", label " + (a.arity().max() > 0 ? a.paramLabel() : "-") + ", type "
                + a.type().getName() + " " + Arrays.toString(a.auxiliaryTypes()) + ", required " + a.required()
                + ", hidden " + a.hidden() + ", interactive " + a.interactive() + ", default " + a.defaultValue()
                + ", initial " + a.initialValue() + " (" + a.hasInitialValue() + "), show default "
                + a.showDefaultValue() + ", split " + a.splitRegex() + ", scope " + a.scopeType() + ", converters "
                + converters + ", description key " + Objects.toString(a.descriptionKey(), "") // null and "": no key
                + ", description "
                + Arrays.toString(a.description());
    }

    private static String className(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
