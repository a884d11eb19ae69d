package io.hashmatch.bench.robust;

import io.hashmatch.bench.robust.RobustCorpus.Image;
import io.hashmatch.bench.robust.RobustCorpus.Role;
import io.hashmatch.bench.robust.RobustCorpus.Source;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.hash.VariantPolicy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import io.hashmatch.scan.QueryHashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Recall per edit and false hits of PDQ matching with and without variants, on the corpus of {@link RobustCorpus}.
 *
 * <p>Three setups, all through the engine's public API ({@link FileHasher}, {@link SnapshotWriter},
 * {@link Matcher}), matched as the product matches: one {@link Query#of(String, FileHashes) query} per image with its
 * variants, against a list whose entries hold their variants tagged as such ({@link HashVariant}):
 *
 * <ol>
 *   <li><b>PDQ alone</b> (matching without variants): the list holds each listed original's PDQ hash; a query
 *       offers its PDQ hash and its 7 other dihedral hashes.
 *   <li><b>Query variants</b>: the same PDQ-only list; a query offers all its query-side variants.
 *   <li><b>Both sides</b>: each listed item is one entry holding its PDQ hash and its list-side variants (as
 *       {@code hashmatch list import --format jsonl} makes it from {@code hash --variants} records); the query
 *       offers everything of setup 2.
 * </ol>
 *
 * A query image <i>finds</i> an item when the matcher reports a hit on it: with the list's {@link ListSettings}
 * (the defaults: {@code --distance} 31 when either side is the whole image in its original orientation,
 * {@code --variant-distance} 24 between two variants), one hit per item. Recall counts edits of listed
 * photographs that find their own item; a false
 * hit is an unrelated image (original or edited, or an image of {@code --extra-queries}) that finds any item, or
 * a listed edit that finds another item. Hashing time per image is measured in the same run, plain PDQ (with
 * dihedral) and with variants interleaved image by image, in wall-clock and thread CPU time.
 *
 * <p>Usage: {@code RobustMatching --photos FILE --artwork FILE --work DIR [--listed N] [--seed S] [--max-side PX]
 * [--extra-queries DIR] [--distance D] [--variant-distance D] [--kinds K,K...] [--floors F,F...]}, where FILE lists
 * sources as {@code name<TAB>path} lines and {@code --kinds} limits the edits made (and counted) to those
 * {@link EditKind}s, for a quicker loop; an edit is the same whichever others are made. {@code --floors} adds what
 * lower PDQ quality floors would find and risk against the PDQ-only list ({@link QualityFloors}). {@code bench/robust-matching.sh} prepares everything.
 */
public final class RobustMatching {
    private static final String LIST_PDQ = "listed";
    private static final String LIST_VARIANTS = "listed-variants";

    /** The three setups compared. */
    enum Setup {
        PDQ("PDQ + dihedral"),
        QUERY_VARIANTS("query variants, PDQ list"),
        BOTH_SIDES("variants on both sides");

        final String label;

        Setup(String label) {
            this.label = label;
        }
    }

    /**
     * A query image as matched without variants ({@code plain}: its PDQ hash and dihedral variants) and with its
     * query-side variants.
     */
    record Hashed(Image image, Query plain, Query variants) {}

    private final Config config;
    private final PrintStream out;
    private final FileHasher plain = FileHasher.newBuilder().build();
    private final FileHasher dihedral = FileHasher.newBuilder().dihedral(true).build();
    /** Query images as {@code scan} and the service hash them. */
    private final FileHasher queryVariants = QueryHashing.hasher(true).build();
    /** Listed images with their list-side variants ({@link VariantPolicy#LIST}). */
    private final FileHasher listVariants =
            FileHasher.newBuilder().variants(VariantPolicy.LIST).build();

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Hashing time of query images: plain PDQ, PDQ + dihedral, query variants. */
    private final Timing queryTime = new Timing(3);
    /** Hashing time of listed originals: plain PDQ, list variants. */
    private final Timing listTime = new Timing(2);

    /** Sums of hashing times (wall and thread CPU, ns) per hasher over the same images. */
    static final class Timing {
        final long[] wall;
        final long[] cpu;
        int images;

        Timing(int hashers) {
            wall = new long[hashers];
            cpu = new long[hashers];
        }
    }

    record Config(
            Path photos,
            Path artwork,
            Path work,
            int listed,
            long seed,
            int maxSide,
            @Nullable Path extraQueries,
            int distance,
            int variantDistance,
            List<EditKind> kinds,
            List<Integer> floors) {}

    RobustMatching(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Config config = parse(args);
        new RobustMatching(config, System.out).run();
    }

    static Config parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option without value: " + args[args.length - 1]);
        }
        for (String required : List.of("photos", "artwork", "work")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        String extra = a.get("extra-queries");
        int distance = Integer.parseInt(a.getOrDefault("distance", "31"));
        return new Config(
                Path.of(a.get("photos")),
                Path.of(a.get("artwork")),
                Path.of(a.get("work")),
                Integer.parseInt(a.getOrDefault("listed", "16")),
                Long.parseLong(a.getOrDefault("seed", "14")),
                Integer.parseInt(a.getOrDefault("max-side", "1024")),
                extra == null || extra.isBlank() ? null : Path.of(extra),
                distance,
                Integer.parseInt(
                        a.getOrDefault("variant-distance", Integer.toString(ListSettings.DEFAULT_VARIANT_DISTANCE))),
                kinds(a.get("kinds")),
                floors(a.get("floors")));
    }

    /** The quality floors of {@code --floors} (comma-separated, 0-100), none when absent. */
    static List<Integer> floors(@Nullable String values) {
        if (values == null || values.isBlank()) {
            return List.of();
        }
        List<Integer> floors = new ArrayList<>();
        for (String v : values.split(",", -1)) {
            int f = Integer.parseInt(v.strip());
            if (f < 0 || f > 100) {
                throw new IllegalArgumentException("quality floor out of 0..100: " + f);
            }
            floors.add(f);
        }
        return floors;
    }

    /** The edits named in {@code --kinds} (comma-separated {@link EditKind} names), every edit when absent. */
    static List<EditKind> kinds(@Nullable String names) {
        if (names == null || names.isBlank()) {
            return List.of(EditKind.values());
        }
        return Arrays.stream(names.split(","))
                .map(n -> EditKind.valueOf(n.strip().toUpperCase(Locale.ROOT)))
                .distinct()
                .sorted()
                .toList();
    }

    void run() throws IOException {
        long t0 = System.nanoTime();
        List<EditKind> kinds = config.kinds();
        RobustCorpus corpus = RobustCorpus.write(
                sources(config.photos()),
                sources(config.artwork()),
                config.listed(),
                config.seed(),
                config.maxSide(),
                kinds,
                config.work().resolve("corpus"));
        List<Image> listed = corpus.images(Role.LISTED);
        // Warm-up, untimed: the first files pay for class loading and JIT compilation of every hasher.
        for (Image item : listed) {
            for (FileHasher h : List.of(plain, dihedral, queryVariants, listVariants)) {
                h.hash(item.file());
            }
        }
        out.printf(
                Locale.ROOT,
                "# corpus: %d listed photographs, %d unrelated sources, %d edits each; %d images written in %.1f s%n",
                listed.size(),
                corpus.images(Role.UNRELATED).size(),
                kinds.size(),
                corpus.images().size(),
                (System.nanoTime() - t0) / 1e9);

        // The lists; entry i is listed item i in each. "listed": the PDQ hash of each original (a PDQ-only list).
        // "listed-variants": the same plus every list-side variant (rotations and mirrors of the whole image,
        // crops, grid cells), each tagged with its kind, transform and rectangle.
        SnapshotWriter top = SnapshotWriter.create(LIST_PDQ, "1");
        SnapshotWriter withVariants = SnapshotWriter.create(LIST_VARIANTS, "1");
        int listVariantCount = 0;
        List<PdqHash> listHashes = new ArrayList<>();
        for (Image item : listed) {
            FileHashes[] h = hashTimed(item.file(), listTime, plain, listVariants);
            for (FileHashes one : h) {
                if (!one.ok()) {
                    throw new IllegalStateException(
                            "cannot hash listed image " + item.file() + ": " + one.errorMessage());
                }
            }
            int entry = top.addEntry(item.name(), null, false);
            withVariants.addEntry(item.name(), null, false);
            top.addPdq(entry, pdq(h[0]).hash());
            listHashes.add(pdq(h[0]).hash());
            withVariants.addPdq(entry, pdq(h[1]).hash());
            for (PdqVariant v : h[1].variants()) {
                withVariants.addPdq(entry, v.pdq(), HashVariant.of(v), v.quality());
                listVariantCount++;
            }
        }
        out.printf(
                Locale.ROOT,
                "# list: %d items, %.1f list-side variant hashes per item%n",
                listed.size(),
                listVariantCount / (double) listed.size());
        Path topFile = config.work().resolve(LIST_PDQ + ".hml");
        Path variantsFile = config.work().resolve(LIST_VARIANTS + ".hml");
        top.write(topFile);
        withVariants.write(variantsFile);

        List<Image> queries = new ArrayList<>();
        queries.addAll(corpus.images(Role.LISTED_EDIT));
        queries.addAll(corpus.images(Role.UNRELATED));
        queries.addAll(corpus.images(Role.UNRELATED_EDIT));
        List<Image> extra = extraQueries();
        queries.addAll(extra);
        long th = System.nanoTime();
        List<Hashed> hashed = new ArrayList<>(queries.size());
        for (Image q : queries) {
            Hashed h = hashQuery(q);
            if (h != null) {
                hashed.add(h);
            }
        }
        out.printf(
                Locale.ROOT,
                "# hashed %d query images (%d failed to decode) in %.1f s%n",
                hashed.size(),
                queries.size() - hashed.size(),
                (System.nanoTime() - th) / 1e9);

        Map<Setup, List<Found>> found = new EnumMap<>(Setup.class);
        ByteArrayOutputStream floorsReport = new ByteArrayOutputStream();
        try (HashListSnapshot topList = HashListSnapshot.open(topFile);
                HashListSnapshot variantList = HashListSnapshot.open(variantsFile)) {
            ListSettings settings = ListSettings.DEFAULTS
                    .withMaxDistance(config.distance())
                    .withVariantDistance(config.variantDistance());
            Matcher pdqOnly = Matcher.newBuilder().addList(topList, settings).build();
            Matcher both = Matcher.newBuilder().addList(variantList, settings).build();
            found.put(Setup.PDQ, match(pdqOnly, hashed, false));
            found.put(Setup.QUERY_VARIANTS, match(pdqOnly, hashed, true));
            found.put(Setup.BOTH_SIDES, match(both, hashed, true));
            if (!config.floors().isEmpty()) {
                QualityFloors.report(
                        new PrintStream(floorsReport, true, StandardCharsets.UTF_8),
                        listed,
                        listHashes,
                        topList,
                        settings,
                        ungated(hashed),
                        config.floors());
            }
        }
        report(listed, kinds, hashed, found, extra.isEmpty() ? null : config.extraQueries());
        out.print(floorsReport.toString(StandardCharsets.UTF_8));
        writeHits(hashed, found, listed);
    }

    /** Each query image hashed again with every variant of any quality ({@link QualityFloors#UNGATED}), untimed. */
    private List<QualityFloors.Ungated> ungated(List<Hashed> hashed) {
        FileHasher all = FileHasher.newBuilder().variants(QualityFloors.UNGATED).build();
        List<QualityFloors.Ungated> out = new ArrayList<>(hashed.size());
        for (Hashed h : hashed) {
            out.add(new QualityFloors.Ungated(h.image(), all.hash(h.image().file())));
        }
        return out;
    }

    // ---- hashing -------------------------------------------------------------------------------------------

    /**
     * Hashes one file with each hasher, timing each; the order rotates from one image to the next so that no
     * hasher always runs first (cold caches) or last.
     */
    private FileHashes[] hashTimed(Path file, Timing timing, FileHasher... hashers) {
        FileHashes[] out = new FileHashes[hashers.length];
        for (int pass = 0; pass < hashers.length; pass++) {
            int k = (pass + timing.images) % hashers.length;
            long w0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            out[k] = hashers[k].hash(file);
            timing.wall[k] += System.nanoTime() - w0;
            timing.cpu[k] += threads.getCurrentThreadCpuTime() - c0;
        }
        timing.images++;
        return out;
    }

    /** Hashes one query image plainly, with dihedral hashes and with variants; null if it does not decode. */
    private @Nullable Hashed hashQuery(Image q) {
        FileHashes[] h = hashTimed(q.file(), queryTime, plain, dihedral, queryVariants);
        if (!h[1].ok() || !h[2].ok()) {
            return null;
        }
        String label = q.file().toString();
        return new Hashed(q, wholeImageQuery(label, h[1]), Query.of(label, h[2]));
    }

    private static PdqResult pdq(FileHashes h) {
        PdqResult pdq = h.pdq();
        if (pdq == null) {
            throw new IllegalStateException("no PDQ hash: " + h.errorMessage());
        }
        return pdq;
    }

    /** The whole image's PDQ hash with its 7 other dihedral hashes as variants, as matching without variants. */
    static Query wholeImageQuery(String label, FileHashes h) {
        PdqResult pdq = pdq(h);
        List<Query.Variant> variants = new ArrayList<>();
        for (int i = 1; i < pdq.dihedral().size(); i++) {
            HashVariant v = new HashVariant("dihedral", HashVariant.TRANSFORMS.get(i), 0, 0, 0, 0);
            variants.add(new Query.Variant(v, pdq.dihedral().get(i), pdq.quality()));
        }
        return new Query(label, pdq.hash(), pdq.quality(), null, null, null, variants);
    }

    // ---- matching ------------------------------------------------------------------------------------------

    /** What one query image found under one setup: the best hit per item. */
    record Found(Hashed query, Map<Integer, Hit> items) {}

    /** The hit on an item: the pair of hashes the matcher reports as the nearest. */
    record Hit(int item, int distance, String queryHash, String listHash) {}

    private static List<Found> match(Matcher matcher, List<Hashed> hashed, boolean withVariants) {
        List<Query> batch = new ArrayList<>(hashed.size());
        for (Hashed h : hashed) {
            batch.add(withVariants ? h.variants() : h.plain());
        }
        List<MatchResult> results = matcher.match(batch);
        List<Found> found = new ArrayList<>(hashed.size());
        for (int i = 0; i < hashed.size(); i++) {
            Map<Integer, Hit> items = new LinkedHashMap<>();
            for (MatchHit hit : results.get(i).hits()) {
                items.put(
                        hit.entry(),
                        new Hit(hit.entry(), hit.distance(), name(hit.queryVariant()), name(hit.entryVariant())));
            }
            found.add(new Found(hashed.get(i), items));
        }
        return found;
    }

    /** A variant as {@code hits.tsv} names it: {@code kind:transform[x,y,w,h]}, {@code whole} for the whole image. */
    private static String name(@Nullable HashVariant v) {
        if (v == null || v.isOriginal()) {
            return "whole";
        }
        return v.kind() + ":" + v.transform() + "[" + v.x() + "," + v.y() + "," + v.width() + "," + v.height() + "]";
    }

    // ---- report --------------------------------------------------------------------------------------------

    private void report(
            List<Image> listed,
            List<EditKind> kinds,
            List<Hashed> hashed,
            Map<Setup, List<Found>> found,
            @Nullable Path extraDir) {
        Map<String, Integer> itemOf = new LinkedHashMap<>();
        for (int i = 0; i < listed.size(); i++) {
            itemOf.put(listed.get(i).name(), i);
        }
        List<Setup> setups = List.copyOf(found.keySet());
        out.println();
        out.printf(
                Locale.ROOT,
                "## Recall per edit (%d listed photographs; distance %d, variant distance %d)%n%n",
                listed.size(),
                config.distance(),
                config.variantDistance());
        StringBuilder head = new StringBuilder("| edit |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Setup s : setups) {
            head.append(' ').append(s.label).append(" |");
            rule.append("---|");
        }
        out.println(head);
        out.println(rule);
        int[] totalFound = new int[setups.size()];
        int total = 0;
        for (EditKind kind : kinds) {
            StringBuilder row = new StringBuilder("| " + kind.label() + " |");
            int n = 0;
            for (int s = 0; s < setups.size(); s++) {
                int ok = 0;
                n = 0;
                for (Found f : Objects.requireNonNull(found.get(setups.get(s)))) {
                    Image q = f.query().image();
                    if (q.role() == Role.LISTED_EDIT && q.kind() == kind) {
                        n++;
                        Integer item = itemOf.get(q.sourceName());
                        if (item != null && f.items().containsKey(item)) {
                            ok++;
                        }
                    }
                }
                totalFound[s] += ok;
                row.append(' ').append(fraction(ok, n)).append(" |");
            }
            total += n;
            out.println(row);
        }
        StringBuilder all = new StringBuilder("| **all edits** |");
        for (int s = 0; s < setups.size(); s++) {
            all.append(" **").append(fraction(totalFound[s], total)).append("** |");
        }
        out.println(all);

        out.println();
        out.println("## False hits (query images that find an item they should not)");
        out.println();
        out.println(head.toString().replace("| edit |", "| queries | images |"));
        out.println(rule.append("---|"));
        falseRow("unrelated originals", Role.UNRELATED, setups, found, itemOf, false);
        falseRow("unrelated edited copies", Role.UNRELATED_EDIT, setups, found, itemOf, false);
        if (extraDir != null) {
            falseRow(extraDir.toString(), Role.EXTRA, setups, found, itemOf, false);
        }
        falseRow("listed edits finding another item", Role.LISTED_EDIT, setups, found, itemOf, true);

        out.println();
        out.println("## Time per image, hashing end to end (same run, hashers interleaved per image, one thread)");
        out.println();
        out.println("| images | hasher | ms/image wall | ms/image CPU | CPU ratio to plain PDQ |");
        out.println("|---|---|---|---|---|");
        timeRows("queries", queryTime, "plain PDQ", "PDQ + dihedral", "query variants");
        timeRows("listed originals", listTime, "plain PDQ", "list variants");
        double[] regionHashes = hashed.stream()
                .mapToDouble(h -> h.variants().variants().stream()
                        .filter(v -> !v.variant().kind().equals("dihedral"))
                        .count())
                .toArray();
        out.printf(
                Locale.ROOT,
                "%nRegion hashes per query image (query variants, besides the whole image's 8): mean %.1f, max %.0f.%n",
                Arrays.stream(regionHashes).average().orElse(0),
                Arrays.stream(regionHashes).max().orElse(0));
    }

    private void falseRow(
            String label,
            Role role,
            List<Setup> setups,
            Map<Setup, List<Found>> found,
            Map<String, Integer> itemOf,
            boolean wrongItem) {
        StringBuilder row = new StringBuilder("| " + label + " |");
        int n = 0;
        StringBuilder cells = new StringBuilder();
        for (Setup s : setups) {
            int bad = 0;
            n = 0;
            for (Found f : Objects.requireNonNull(found.get(s))) {
                Image q = f.query().image();
                if (q.role() != role) {
                    continue;
                }
                n++;
                if (wrongItem) {
                    Integer own = itemOf.get(q.sourceName());
                    if (f.items().keySet().stream().anyMatch(i -> !i.equals(own))) {
                        bad++;
                    }
                } else if (!f.items().isEmpty()) {
                    bad++;
                }
            }
            cells.append(' ').append(bad == 0 ? "0" : "**" + bad + "**").append(" |");
        }
        out.println(row.append(' ').append(n).append(" |").append(cells));
    }

    private void timeRows(String images, Timing t, String... hashers) {
        for (int k = 0; k < hashers.length; k++) {
            out.printf(
                    Locale.ROOT,
                    "| %s (%d) | %s | %.1f | %.1f | %.2fx |%n",
                    images,
                    t.images,
                    hashers[k],
                    t.wall[k] / 1e6 / t.images,
                    t.cpu[k] / 1e6 / t.images,
                    t.cpu[k] / (double) t.cpu[0]);
        }
    }

    private static String fraction(int ok, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%d/%d (%d%%)", ok, n, Math.round(100.0 * ok / n));
    }

    /** Every hit of every setup, for tuning: one tab-separated line per (setup, query image, item). */
    private void writeHits(List<Hashed> hashed, Map<Setup, List<Found>> found, List<Image> listed) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("setup\tquery\trole\tedit\titem\tcorrect\tdistance\tquery_hash\tlist_hash");
        for (Map.Entry<Setup, List<Found>> e : found.entrySet()) {
            for (Found f : e.getValue()) {
                Image q = f.query().image();
                for (Hit h : f.items().values()) {
                    String item = listed.get(h.item()).name();
                    lines.add(String.join(
                            "\t",
                            e.getKey().name(),
                            q.file().toString(),
                            q.role().name(),
                            q.kind() == null ? "" : q.kind().name(),
                            item,
                            Boolean.toString(item.equals(q.sourceName())),
                            Integer.toString(h.distance()),
                            h.queryHash(),
                            h.listHash()));
                }
            }
        }
        Path file = config.work().resolve("hits.tsv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "%nEvery hit: %s (%d queries hashed).%n", file, hashed.size());
    }

    // ---- inputs --------------------------------------------------------------------------------------------

    private List<Image> extraQueries() throws IOException {
        Path dir = config.extraQueries();
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .sorted()
                    .map(p -> new Image(p.getFileName().toString(), p, Role.EXTRA, null, null))
                    .toList();
        }
    }

    static List<Source> sources(Path listFile) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (String line : Files.readAllLines(listFile, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected name<TAB>path in " + listFile + ": " + line);
            }
            sources.add(new Source(parts[0].strip(), Path.of(parts[1].strip())));
        }
        return sources;
    }
}
