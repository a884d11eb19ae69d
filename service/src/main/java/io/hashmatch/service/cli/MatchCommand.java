package io.hashmatch.service.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashmatch.cli.MaxDistanceOption;
import io.hashmatch.cli.OptionBinding;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.format.HashRecords;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListFormatException;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import io.hashmatch.service.cli.output.HashRecordWriter;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.json.MatchJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code hashmatch match}: looks hashes up in snapshots with the engine's {@link Matcher}, one JSON Lines record
 * per query in input order ({@link MatchJson}). Query text is parsed by {@link Query#parseAll}; queries are matched
 * in blocks of {@value #BLOCK} through {@link Matcher#match(List)} so each list is searched once per block. Only
 * the snapshots are opened, never their metadata stores, and with their structure checked only unless
 * {@code --verify} ({@link OpenedLists}): a lookup reads a few pages of a snapshot, where reading every byte of a
 * 10 M-entry one takes most of a second.
 *
 * <p>Not thread-safe (holds parsed options); one instance per run.
 */
final class MatchCommand implements Callable<Integer>, ModelInCode {
    /** Queries matched per {@link Matcher#match(List)} call. */
    static final int BLOCK = 1024;
    /** Reads the {@code path} of a record that holds no hash, so that its answer names the file. */
    private static final JsonFactory RECORD_PATH = new JsonFactory();

    private static final String[] DESCRIPTION = {
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
    };
    private static final String[] EXIT_CODES = {
        "0:every query was answered",
        ExitCodes.LIST_USAGE,
        "2:some queries are not hashes (each has a record with an \"error\"), or a snapshot is damaged (stderr)"
    };
    private static final String LIST_MAX_DISTANCE = "The largest distance for the list named NAME (its name, not its"
            + " file), instead of --max-distance (repeatable).";
    private static final String VARIANT_DISTANCE = "Largest distance of a hit between two variants (a region or"
            + " transform of the query against one of a list item; neither the whole image as is), 0..256; such hits"
            + " are also held to --max-distance. Default: ${DEFAULT-VALUE}.";
    private static final String INPUT = "What standard input holds: hashes (one per line) or jsonl (hashmatch hash"
            + " records, with or without variants: one answer per record, {\"path\":...,\"hits\":[...],\"matched\":...},"
            + " each hit naming the queryVariant and entryVariant that met when either is a variant; a record of a file"
            + " that was not hashed gets {\"path\":...,\"line\":N,\"error\":...}). Default: ${DEFAULT-VALUE}.";
    private static final String MIN_QUALITY = "PDQ queries of known quality below Q are answered \"lowQuality\" instead"
            + " of searched, 0..100. Hashes given as text have no known quality, so this applies to none of them yet."
            + " Default: ${DEFAULT-VALUE}.";
    private static final String STRATEGY = "PDQ index: auto (chosen per list from its size and distance), bktree, mih"
            + " (multi-index hashing) or brute (linear scan). Every strategy gives the same records. Default:"
            + " ${DEFAULT-VALUE}.";
    private static final String VERIFY = "Read every byte of each snapshot against its checksums before matching (as"
            + " list verify does; about a second per 2 GB). Without it, a snapshot's structure is checked (header,"
            + " section table, length, footer) and damage inside its sections is caught by list verify.";
    private static final String HASH = "Hashes to look up. Without any, one per line is read from standard input.";

    private final ListOptions listOptions = new ListOptions();
    private final MaxDistanceOption maxDistanceOption = new MaxDistanceOption();
    private Map<String, Integer> listMaxDistance = new LinkedHashMap<>();
    private int variantDistance = ListSettings.DEFAULT_VARIANT_DISTANCE;
    private String input = "hashes";
    private int minQuality = Matcher.DEFAULT_MIN_QUALITY;
    private @Nullable IndexStrategy strategy;
    private boolean verify;
    private List<String> hashes = new ArrayList<>();

    /**
     * This command's picocli model, built in code and bound to the fields above (see {@link HashmatchCommand} for
     * why): options in the order help lists them, the standard help options last.
     */
    final CommandSpec spec;

    private final InputStream stdin;

    MatchCommand() {
        this(System.in);
    }

    MatchCommand(InputStream stdin) {
        this.stdin = stdin;
        spec = CommandSpec.wrapWithoutInspection(this)
                .name("match")
                .versionProvider(new VersionProvider())
                .exitCodeOnInvalidInput(ExitCodes.USAGE_OR_FATAL)
                .exitCodeOnExecutionException(ExitCodes.USAGE_OR_FATAL);
        spec.usageMessage()
                .description(DESCRIPTION)
                .sortOptions(false)
                .autoWidth(true)
                .exitCodeListHeading(ExitCodes.HEADING)
                .exitCodeList(UsageMessageSpec.keyValuesMap(EXIT_CODES));
        spec.addMixin("listOptions", listOptions.mixin());
        spec.addMixin("maxDistanceOption", maxDistanceOption.mixin());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--list-max-distance")
                                .paramLabel("NAME=N")
                                .type(Map.class)
                                .auxiliaryTypes(String.class, Integer.class)
                                .description(LIST_MAX_DISTANCE),
                        () -> listMaxDistance,
                        (Map<String, Integer> v) -> listMaxDistance = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--variant-distance")
                                .paramLabel("N")
                                .type(int.class)
                                .description(VARIANT_DISTANCE),
                        () -> variantDistance,
                        (Integer v) -> variantDistance = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--input")
                                .paramLabel("INPUT")
                                .type(String.class)
                                .defaultValue("hashes")
                                .description(INPUT),
                        () -> input,
                        (String v) -> input = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--min-quality")
                                .paramLabel("Q")
                                .type(int.class)
                                .description(MIN_QUALITY),
                        () -> minQuality,
                        (Integer v) -> minQuality = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--strategy")
                                .paramLabel("STRATEGY")
                                .type(IndexStrategy.class)
                                .defaultValue("auto")
                                .converters(new StrategyConverter())
                                .description(STRATEGY),
                        () -> strategy,
                        (@Nullable IndexStrategy v) -> strategy = v)
                .build());
        spec.addOption(OptionBinding.bind(
                        OptionSpec.builder("--verify").type(boolean.class).description(VERIFY),
                        () -> verify,
                        (Boolean v) -> verify = v)
                .build());
        spec.addPositional(OptionBinding.bind(
                        PositionalParamSpec.builder()
                                .paramLabel("HASH")
                                .arity("0..*")
                                .type(List.class)
                                .auxiliaryTypes(String.class)
                                .description(HASH),
                        () -> hashes,
                        (List<String> v) -> hashes = v)
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
        listOptions.check(cmd);
        InvalidInputException.checked(cmd, maxDistanceOption::maxDistance);
        InvalidInputException.requireRange(cmd, "--min-quality", minQuality, 100);
        InvalidInputException.requireRange(cmd, "--variant-distance", variantDistance, PdqHash.BITS);
        boolean records =
                switch (input.toLowerCase(Locale.ROOT)) {
                    case "hashes" -> false;
                    case "jsonl" -> true;
                    default -> throw new InvalidInputException(cmd, "--input must be hashes or jsonl: " + input);
                };
        if (records && !hashes.isEmpty()) {
            throw new InvalidInputException(cmd, "--input jsonl reads records from standard input: no HASH arguments");
        }
        listMaxDistance.forEach(
                (name, n) -> InvalidInputException.requireRange(cmd, "--list-max-distance " + name, n, PdqHash.BITS));

        try (OpenedLists opened = new OpenedLists(verify)) {
            Matcher.Builder builder =
                    Matcher.newBuilder().minQuality(minQuality).strategy(strategy);
            List<String> names = new ArrayList<>();
            listOptions.openInto(opened, (list, suppression) -> add(cmd, builder, list, suppression, names));
            for (String name : listMaxDistance.keySet()) {
                if (!names.contains(name)) {
                    throw new InvalidInputException(
                            cmd,
                            "--list-max-distance: no list named '" + name + "' (lists: " + String.join(", ", names)
                                    + ")");
                }
            }
            Matcher matcher = builder.build();
            if (records) {
                return runRecords(matcher, cmd.getOut()) == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
            }
            Iterator<String> queries = hashes.isEmpty() ? stdinLines() : hashes.iterator();
            return run(matcher, queries, cmd.getOut()) == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    /** Matches every query text in blocks and writes the records; returns how many were not hashes. */
    private static long run(Matcher matcher, Iterator<String> texts, PrintWriter out) throws IOException {
        long invalid = 0;
        List<String> block = new ArrayList<>(BLOCK);
        JsonGenerator g = JsonOutput.generator(out);
        while (texts.hasNext()) {
            block.clear();
            while (block.size() < BLOCK && texts.hasNext()) {
                block.add(texts.next());
            }
            Query.Parsed parsed = Query.parseAll(block);
            invalid += parsed.invalid();
            List<MatchResult> results = matcher.match(parsed.queries());
            for (int i = 0, r = 0; i < block.size(); i++) {
                String error = parsed.errors().get(i);
                if (error == null) {
                    MatchJson.writeResult(g, results.get(r++));
                } else {
                    MatchJson.writeError(g, block.get(i), error);
                }
                g.writeRaw('\n');
            }
            g.flush();
            HashRecordWriter.checkError(out);
        }
        g.flush();
        HashRecordWriter.checkError(out);
        return invalid;
    }

    /**
     * Matches {@code hashmatch hash} records from standard input in blocks and writes one answer per record (blank
     * lines skipped); returns how many records could not be matched (not a record, or no hash in it).
     */
    private long runRecords(Matcher matcher, PrintWriter out) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        HashRecords reader = new HashRecords("stdin");
        JsonGenerator g = JsonOutput.generator(out);
        long failed = 0;
        int lineNumber = 0;
        List<@Nullable Query> block = new ArrayList<>(BLOCK);
        List<String> errors = new ArrayList<>(BLOCK); // per record: "" when matched, else the error record's message
        List<Integer> lines = new ArrayList<>(BLOCK);
        List<@Nullable String> paths = new ArrayList<>(BLOCK); // per record not hashed: its path, when it has one
        boolean more = true;
        while (more) {
            block.clear();
            errors.clear();
            lines.clear();
            paths.clear();
            while (block.size() < BLOCK) {
                String line = in.readLine();
                if (line == null) {
                    more = false;
                    break;
                }
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                lines.add(lineNumber);
                try {
                    ListEntry entry = reader.read(line, lineNumber);
                    block.add(entry == null ? null : Query.of(entry));
                    errors.add(entry == null ? "the record holds no hash (the file was not hashed)" : "");
                    paths.add(entry == null ? recordPath(line) : null);
                } catch (ListFormatException e) {
                    block.add(null);
                    errors.add(Objects.requireNonNullElse(e.getMessage(), e.reason()));
                    paths.add(null);
                }
            }
            List<Query> valid = block.stream().filter(Objects::nonNull).toList();
            List<MatchResult> results = matcher.match(valid);
            for (int i = 0, r = 0; i < block.size(); i++) {
                Query q = block.get(i);
                if (q != null) {
                    MatchJson.writeFileResult(g, q.label(), results.get(r++));
                } else {
                    failed++;
                    g.writeStartObject();
                    String path = paths.get(i);
                    if (path != null) {
                        g.writeStringField("path", path);
                    }
                    g.writeNumberField("line", lines.get(i));
                    g.writeObjectFieldStart("error");
                    g.writeStringField(
                            "code", errors.get(i).startsWith("the record") ? "not_hashed" : "invalid_record");
                    g.writeStringField("message", errors.get(i));
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeRaw('\n');
            }
            g.flush();
            HashRecordWriter.checkError(out);
        }
        return failed;
    }

    /**
     * The top-level {@code path} of a record that parsed as a {@code hashmatch hash} record but holds no hash; null
     * when it has none.
     */
    private static @Nullable String recordPath(String line) {
        try (JsonParser p = RECORD_PATH.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("path".equals(name) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // the parser read this line already: not reached
        }
    }

    private void add(
            CommandLine cmd, Matcher.Builder builder, HashListSnapshot s, boolean suppression, List<String> names) {
        ListSettings settings = new ListSettings(
                listMaxDistance.getOrDefault(s.name(), maxDistanceOption.maxDistance()), suppression, variantDistance);
        try {
            builder.addList(s, settings);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(cmd, e.getMessage());
        }
        names.add(s.name());
    }

    /** The lines of standard input (UTF-8), stripped, without blank lines and {@code #} comments. */
    private Iterator<String> stdinLines() {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        return new Iterator<>() {
            private @Nullable String next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        String line = in.readLine();
                        if (line == null) {
                            return false;
                        }
                        line = line.strip();
                        if (!line.isEmpty() && !line.startsWith("#")) {
                            next = line;
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
                }
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String line = Objects.requireNonNull(next); // hasNext() set it
                next = null;
                return line;
            }
        };
    }

    /** {@code auto} (null: the planner chooses), {@code bktree}, {@code mih}, {@code brute}. */
    static final class StrategyConverter implements CommandLine.ITypeConverter<@Nullable IndexStrategy> {
        @Override
        public @Nullable IndexStrategy convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> null;
                case "bktree", "bk-tree" -> IndexStrategy.BK_TREE;
                case "mih", "multi-index" -> IndexStrategy.MULTI_INDEX;
                case "brute", "brute-force" -> IndexStrategy.BRUTE_FORCE;
                default ->
                    throw new CommandLine.TypeConversionException(
                            "unknown strategy '" + value + "' (auto, bktree, mih, brute)");
            };
        }
    }
}
