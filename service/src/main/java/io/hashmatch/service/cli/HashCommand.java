package io.hashmatch.service.cli;

import io.hashmatch.cli.DecodeLimitOptions;
import io.hashmatch.cli.OptionBinding;
import io.hashmatch.cli.PdqHashOptions;
import io.hashmatch.cli.VideoSamplingOptions;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.decode.ImageDecoder;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.PdqMode;
import io.hashmatch.hash.VariantPolicy;
import io.hashmatch.scan.MediaHasher;
import io.hashmatch.scan.MediaHashes;
import io.hashmatch.scan.OrderedParallelHasher;
import io.hashmatch.scan.ScanError;
import io.hashmatch.service.cli.output.HashRecord;
import io.hashmatch.service.cli.output.HashRecordWriter;
import io.hashmatch.service.cli.output.OutputFormat;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code hashmatch hash}: prints one record per file with its size, MD5, SHA-1, SHA-256 and, for images,
 * PDQ hash, quality, dimensions and format; for videos (recognised by their bytes), vPDQ frames. Thin over the engine: it validates options, builds one
 * {@link MediaHasher} (the engine's one path from a file to its hashes), and hands walking, parallel hashing and ordered output to
 * the engine's {@link OrderedParallelHasher}.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
final class HashCommand implements Callable<Integer>, ModelInCode {
    /** Turns the configured engine into the per-file hash function; tests substitute a fake or a spy. */
    @FunctionalInterface
    interface HasherFactory {
        Function<Path, MediaHashes> create(MediaHasher configured);
    }

    private static final String[] DESCRIPTION = {
        "Hashes files and directories: one record per file on standard output.",
        "Directories are walked recursively in sorted order (each PATH in the order given); records come out"
                + " in that order whatever the number of threads.",
        "Symbolic links inside a walked directory are followed only to regular files inside the same tree;"
                + " other links, FIFOs, devices and unreadable directories get a record with an error, never"
                + " skipped silently.",
        "A PATH that does not exist is a usage error (exit 1) reported before anything is hashed.",
        "Files that cannot be hashed as images keep md5/sha1/sha256 (when their bytes were read) and get"
                + " \"error\":{\"code\":...,\"message\":...} instead of pdq/quality/width/height."
    };
    private static final String VARIANTS = "Also output PDQ variants: hashes of the regions a re-sharer wraps around a"
            + " photo (trimmed borders, bars and text bands; collage tiles; the photo inside a screenshot), each in its 8"
            + " rotations and mirrors, the whole image's rotations and mirrors, the image with a translucent overlay"
            + " taken out (unmark), its grey-level opening that thin overlaid text does not reach (opening) and, when"
            + " no wrapped picture is found, frames that put back what a small crop cut away (uncrop); at most 274 per"
            + " image (JSON \"variants\" array; CSV column holding the same array). See engine/VARIANTS.md.";
    private static final String VARIANTS_FOR = "With --variants: query (regions found in an edited copy, for matching"
            + " against any PDQ list) or list (crops at 7 scales from 95 %% to 73 %% of each side at positions across the"
            + " image, an overlapping grid, and the grey-level opening, for building a list that survives crops and"
            + " overlaid text; at most 320 per image). Default: ${DEFAULT-VALUE}.";
    private static final String FORMAT =
            "Record format: jsonl (JSON Lines) or csv (RFC 4180 quoting, header line). Default: ${DEFAULT-VALUE}.";

    private final PdqHashOptions pdqOptions = new PdqHashOptions();
    private boolean variants;
    private String variantsFor = "query";
    private OutputFormat format = OutputFormat.JSONL;
    private final ThreadOptions threadOptions = new ThreadOptions();
    private final DecodeLimitOptions decodeLimits = new DecodeLimitOptions();
    private final VideoSamplingOptions videoSampling = new VideoSamplingOptions();
    private List<Path> paths = List.of();
    private final HasherFactory hasherFactory;
    private CompletionStage<?> decoderLoaded = CompletableFuture.completedFuture(null);

    /**
     * This command's picocli model, built in code and bound to the fields above (see {@link HashmatchCommand} for
     * why): options in the order help lists them, the standard help options last.
     */
    final CommandSpec spec;

    HashCommand() {
        this(configured -> configured::hash);
    }

    HashCommand(HasherFactory hasherFactory) {
        this.hasherFactory = hasherFactory;
        spec = CommandSpec.wrapWithoutInspection(this)
                .name("hash")
                .versionProvider(new VersionProvider())
                .exitCodeOnInvalidInput(ExitCodes.USAGE_OR_FATAL)
                .exitCodeOnExecutionException(ExitCodes.USAGE_OR_FATAL);
        spec.usageMessage().description(DESCRIPTION).sortOptions(false).autoWidth(true);
        HashmatchCommand.exitCodes(spec);
        spec.addMixin("pdqOptions", pdqOptions.mixin());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--variants").type(boolean.class).description(VARIANTS),
                        () -> variants,
                        (Boolean v) -> variants = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--variants-for")
                                .paramLabel("SIDE")
                                .type(String.class)
                                .defaultValue("query")
                                .description(VARIANTS_FOR),
                        () -> variantsFor,
                        (String v) -> variantsFor = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--format")
                                .paramLabel("FORMAT")
                                .type(OutputFormat.class)
                                .defaultValue("jsonl")
                                .converters(new OutputFormat.Converter())
                                .description(FORMAT),
                        () -> format,
                        (OutputFormat v) -> format = v)
                .build());
        spec.addMixin("threadOptions", threadOptions.mixin());
        spec.addMixin("decodeLimits", decodeLimits.mixin());
        spec.addMixin("videoSampling", videoSampling.mixin());
        spec.addPositional(OptionBinding.bind(
                        PositionalParamSpec.builder()
                                .paramLabel("PATH")
                                .arity("1..*")
                                .required(true)
                                .type(List.class)
                                .auxiliaryTypes(Path.class)
                                .converters(new PathConverter())
                                .preprocessor(new PathsPreprocessor())
                                .description("Files or directories to hash."),
                        () -> paths,
                        (List<Path> v) -> paths = v)
                .build());
        HashmatchCommand.standardHelpOptions(spec);
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        int threads = threadOptions.threads(cmd);
        DecodeLimits limits;
        try {
            limits = decodeLimits.limits();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new InvalidInputException(cmd, "no such file or directory: " + path);
            }
        }
        VariantPolicy policy = VariantPolicy.NONE;
        if (variants) {
            policy = switch (variantsFor) {
                case "query" -> VariantPolicy.QUERY;
                case "list" -> VariantPolicy.LIST;
                default ->
                    throw new InvalidInputException(
                            cmd, "--variants-for must be query or list, not '" + variantsFor + "'");
            };
        }
        FileHasher engine = FileHasher.newBuilder()
                .mode(pdqOptions.referenceResize() ? PdqMode.REFERENCE_RESIZE : PdqMode.FULL_RESOLUTION)
                .dihedral(pdqOptions.dihedral())
                .variants(policy)
                .fast(pdqOptions.fast())
                .limits(limits)
                .build();
        MediaHasher media;
        try {
            media = new MediaHasher(engine, true, videoSampling.secondsPerHash(), videoSampling.limits());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
        Function<Path, MediaHashes> hasher = hasherFactory.create(media);
        HashRecordWriter writer = format.newWriter(cmd.getOut(), pdqOptions.dihedral(), variants);
        long[] failed = {0};
        writer.begin();
        new OrderedParallelHasher<HashRecord>(
                        threads, Math.max(64, threads * 16), new OrderedParallelHasher.Records<>() {
                            @Override
                            public HashRecord file(Path file) {
                                return record(file, hasher.apply(file));
                            }

                            @Override
                            public HashRecord skipped(Path path, ScanError error, String message) {
                                return HashRecord.failure(path, error.code(), message);
                            }

                            @Override
                            public HashRecord failed(Path file, RuntimeException e) {
                                return HashRecord.failure(
                                        file, HashRecord.INTERNAL_ERROR, OneLineExecutionExceptionHandler.describe(e));
                            }
                        })
                .holdBack(HashCommand::mayNeedNativeDecoder, decoderLoaded)
                .run(paths, record -> {
                    writer.write(record);
                    if (record.failed()) {
                        failed[0]++;
                    }
                });
        writer.end();
        return failed[0] == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    /**
     * Starts loading the native image decoder (OpenCV) on a thread of its own, for a {@code hash} of {@code args}
     * (the arguments after {@code hash}) that will run two or more hashing threads and names a directory or a file
     * not named {@code *.png}. Loading takes a few tenths of a CPU second: started here, it overlaps building and
     * parsing the command line, and the run then {@linkplain #decoderLoaded hashes the files that need no native
     * decoder} until it has loaded. Before that the same thread {@linkplain FileHasher#prepareDigests prepares the
     * message digests} (also for PNG files only), which the first hashing thread would otherwise initialise while
     * the others wait for it. With {@code --threads 1} nothing starts, so that run keeps to one core; a run of
     * PNG files only (decoded in Java) never loads the library.
     *
     * @return completes when the load has ended (loaded or not), or at once when nothing was started
     */
    static CompletableFuture<Void> loadDecoderAhead(List<String> args) {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        if (threadsAsked(args, Runtime.getRuntime().availableProcessors()) < 2) {
            loaded.complete(null);
            return loaded;
        }
        Thread loader = new Thread(
                () -> {
                    try {
                        // first: every file's hash needs the digests, the first hashing threads would wait for them
                        FileHasher.prepareDigests();
                        if (mayNeedNativeDecoder(args)) {
                            ImageDecoder.loadNativeDecoder();
                        }
                    } finally {
                        loaded.complete(null);
                    }
                },
                "hashmatch-decoder-load");
        loader.setDaemon(true);
        loader.start();
        return loaded;
    }

    /**
     * Until {@code loaded} completes, the run hashes first the files that need no native decoder (named {@code
     * *.png}), holding the others back, instead of leaving the hashing threads waiting for the load at a run of
     * JPEGs; records still come out in input order.
     */
    void decoderLoaded(CompletionStage<?> loaded) {
        this.decoderLoaded = loaded;
    }

    /**
     * The {@code --threads} value in {@code args}, or {@code processors} (the option's default) when it is absent or
     * not a number (picocli reports that when it parses).
     */
    static int threadsAsked(List<String> args, int processors) {
        int threads = processors;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            String value = null;
            if (a.equals("--threads") && i + 1 < args.size()) {
                value = args.get(i + 1);
            } else if (a.startsWith("--threads=")) {
                value = a.substring("--threads=".length());
            }
            if (value != null) {
                try {
                    threads = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    threads = processors;
                }
            }
        }
        return threads;
    }

    /** Whether an argument names a directory or a regular file not named {@code *.png} (any case). */
    static boolean mayNeedNativeDecoder(List<String> args) {
        for (String a : args) {
            Path path;
            try {
                path = Path.of(a);
            } catch (InvalidPathException e) {
                continue;
            }
            if (Files.isDirectory(path) || (Files.isRegularFile(path) && mayNeedNativeDecoder(path))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a file may need the native decoder, by its name: every file not named {@code *.png} (any case). A name
     * decides only when it is hashed and whether the library loads ahead; its bytes decide how it is decoded.
     */
    static boolean mayNeedNativeDecoder(Path file) {
        Path name = file.getFileName();
        return name == null || !name.toString().toLowerCase(Locale.ROOT).endsWith(".png");
    }

    /**
     * Converts a {@code PATH} argument with {@link Path#of}, as picocli's built-in converter does by reflection: a
     * reflective call per argument runs interpreted method-handle code at start-up (a run given hundreds of files
     * spent some 10-20 ms on it). Refuses a string that is no path with the built-in converter's message.
     *
     * <p>Stateless; thread-safe.
     */
    static final class PathConverter implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new CommandLine.TypeConversionException(
                        String.format("cannot convert '%s' to %s (%s)", value, Path.class, e));
            }
        }
    }

    /**
     * Takes the rest of the command line as {@code PATH}s in one step when every argument left is a plain path: none
     * starts with {@code -} (no option, no {@code --}) and {@link PathConverter} accepts each. Otherwise it takes
     * nothing and picocli goes on as without it, so its messages are unchanged. picocli checks every positional
     * argument on its own (whether it resembles an option, which tries it as a number first, an exception per failed
     * try, then its conversion, twice): for 400 file names that was 30-60 ms of a run's serial start, about three
     * times what the parse takes with this (bench/RESULTS.md, "Two threads: the paths taken in one step"). The paths
     * are those picocli gives, in the same order.
     *
     * <p>Stateless; thread-safe.
     */
    static final class PathsPreprocessor implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(
                Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            if (!plainPathsAreParameters(commandSpec, argSpec)) {
                return false;
            }
            PathConverter converter = new PathConverter();
            List<Path> rest = new ArrayList<>(args.size());
            for (int i = args.size() - 1; i >= 0; i--) { // the top of the stack is the next argument
                String arg = args.get(i);
                if (arg.startsWith("-")) {
                    return false;
                }
                try {
                    rest.add(converter.convert(arg));
                } catch (CommandLine.TypeConversionException e) {
                    return false;
                }
            }
            if (rest.isEmpty()) {
                return false;
            }
            List<Path> paths = new ArrayList<>(argSpec.<List<Path>>getValue());
            paths.addAll(rest);
            argSpec.setValue(paths);
            args.clear();
            return true;
        }

        /**
         * Whether picocli would take every argument not starting with {@code -} for a value of {@code argSpec}: all
         * option names start with {@code -} and none may be abbreviated (so such an argument neither is nor resembles
         * one), there is no subcommand to name, the parameter takes any number of values, one per argument, and
         * arguments are not unquoted.
         */
        private static boolean plainPathsAreParameters(CommandSpec commandSpec, ArgSpec argSpec) {
            CommandSpec parent = commandSpec.parent();
            CommandLine.Model.ParserSpec parser = commandSpec.parser();
            if (parser.trimQuotes()
                    || parser.abbreviatedOptionsAllowed()
                    || !commandSpec.subcommands().isEmpty()
                    || (parent != null && parent.subcommandsRepeatable())
                    || !argSpec.splitRegex().isEmpty()
                    || argSpec.arity().max() != Integer.MAX_VALUE) {
                return false;
            }
            for (String name : commandSpec.optionsMap().keySet()) {
                if (!name.startsWith("-")) {
                    return false;
                }
            }
            for (String name : commandSpec.negatedOptionsMap().keySet()) {
                if (!name.startsWith("-")) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The image record, or for a video (recognised by {@link MediaHasher}) its vPDQ or its video error. */
    private static HashRecord record(Path file, MediaHashes m) {
        MediaHashes.Video video = m.video();
        return video == null ? HashRecord.of(file, m.file()) : HashRecord.ofVideo(file, m.file(), video);
    }
}
