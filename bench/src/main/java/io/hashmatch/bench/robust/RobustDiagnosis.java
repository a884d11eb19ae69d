package io.hashmatch.bench.robust;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.hash.VariantPolicy;
import io.hashmatch.match.ListSettings;
import io.hashmatch.scan.QueryHashing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why an edit of a listed photograph is found or missed against a PDQ-only list: for each listed photograph and its
 * edit of one kind, in a corpus written by {@link RobustMatching} ({@code bench/target/robust/corpus}), the listed
 * hash's quality, the edit's own quality and distance, the nearest of the variants the product searches
 * ({@link QueryHashing}: quality floor and cap applied) and, per variant kind, the nearest of all variants with the
 * floor and cap lifted, with its quality: a kind whose nearest hash is close but below the floor is held back by
 * the quality gate, one whose nearest is just over the distance by the precision of its regions. Also the nearest
 * pair against the listed photograph with its list-side variants (the both-sides list), under the list's rule.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.hashmatch.bench.robust.RobustDiagnosis CORPUS_DIR KIND
 * [NAME_PART]} ({@code KIND} an {@link EditKind} name; {@code NAME_PART} limits the photographs). A line per
 * photograph; {@code *} marks a distance within the list's 31 (a PDQ-only list's entries are whole images).
 */
public final class RobustDiagnosis {
    private final FileHasher product = QueryHashing.hasher(true).build();
    /** Listed photographs as a list with variants is made from them ({@link RobustMatching}'s both-sides list). */
    private final FileHasher listSide =
            FileHasher.newBuilder().variants(VariantPolicy.LIST).build();

    private final FileHasher ungated = FileHasher.newBuilder()
            .variants(VariantPolicy.QUERY.withMinQuality(0).withMaxVariants(Integer.MAX_VALUE))
            .build();

    private RobustDiagnosis() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: RobustDiagnosis CORPUS_DIR KIND [NAME_PART]");
        }
        new RobustDiagnosis()
                .run(Path.of(args[0]), EditKind.valueOf(args[1]), args.length > 2 ? args[2] : "", System.out);
    }

    void run(Path corpus, EditKind kind, String namePart, PrintStream out) throws IOException {
        int max = ListSettings.DEFAULTS.maxDistance();
        out.printf(
                Locale.ROOT,
                "# %s: photograph, listed quality, edit: quality and distance, product's nearest (floor %d, cap %d),"
                        + " then per kind the nearest with floor and cap lifted (distance/quality); * within %d%n",
                kind.name(),
                VariantPolicy.QUERY.minQuality(),
                VariantPolicy.QUERY.maxVariants(),
                max);
        List<String> index = Files.readAllLines(corpus.resolve("index.tsv"), StandardCharsets.UTF_8);
        for (String line : index) {
            String[] f = line.split("\t", -1);
            if (!f[2].equals(RobustCorpus.Role.LISTED_EDIT.name())
                    || !f[3].equals(kind.name())
                    || !f[4].contains(namePart)) {
                continue;
            }
            FileHashes listedHashes = listSide.hash(corpus.resolve("listed").resolve(f[4] + ".jpg"));
            PdqResult listed = pdq(listedHashes);
            FileHashes edit = product.hash(Path.of(f[1]));
            PdqResult own = pdq(edit);
            PdqHash target = listed.hash();
            int best = target.distance(own.hash());
            String bestName = "whole";
            if (own.quality() < VariantPolicy.QUERY.minQuality()) {
                best = Integer.MAX_VALUE;
                bestName = "none (low quality)";
            }
            for (PdqVariant v : edit.variants()) {
                int d = target.distance(v.pdq());
                if (d < best) {
                    best = d;
                    bestName = v.kind().label() + "/" + v.transform().label();
                }
            }
            String both = bothSides(own, edit.variants(), listed.hash(), listedHashes.variants());
            StringBuilder row = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-26s listed q%3d | edit q%3d d%3d%s | product %s%s %s | both sides %s |",
                    f[4],
                    listed.quality(),
                    own.quality(),
                    target.distance(own.hash()),
                    mark(target.distance(own.hash()), max),
                    best == Integer.MAX_VALUE ? "-" : Integer.toString(best),
                    best == Integer.MAX_VALUE ? "" : mark(best, max),
                    bestName,
                    both));
            Map<String, int[]> nearest = new TreeMap<>(); // kind -> {distance, quality}
            for (PdqVariant v : ungated.hash(Path.of(f[1])).variants()) {
                int d = target.distance(v.pdq());
                int[] n = nearest.computeIfAbsent(v.kind().label(), k -> new int[] {Integer.MAX_VALUE, 0});
                if (d < n[0]) {
                    n[0] = d;
                    n[1] = v.quality();
                }
            }
            nearest.forEach(
                    (k, n) -> row.append(String.format(Locale.ROOT, " %s %d%s/q%d", k, n[0], mark(n[0], max), n[1])));
            out.println(row);
        }
    }

    /**
     * The nearest pair of the product's query hashes (the edit's own when above the floor, and its variants) and
     * the list-side hashes of the listed photograph (its own and its {@link VariantPolicy#LIST} variants), under the
     * list's rule: {@link ListSettings#maxDistance()} when either side is a whole image as it is, else {@link
     * ListSettings#variantDistance()}; as {@code distance[*] queryKind->listKind}, {@code *} when it is a hit.
     */
    private static String bothSides(PdqResult own, List<PdqVariant> query, PdqHash listed, List<PdqVariant> list) {
        int best = Integer.MAX_VALUE;
        String name = "-";
        boolean hit = false;
        for (int i = -1; i < query.size(); i++) {
            if (i < 0 && own.quality() < VariantPolicy.QUERY.minQuality()) {
                continue;
            }
            PdqHash q = i < 0 ? own.hash() : query.get(i).pdq();
            for (int j = -1; j < list.size(); j++) {
                int d = q.distance(j < 0 ? listed : list.get(j).pdq());
                int limit =
                        i < 0 || j < 0 ? ListSettings.DEFAULTS.maxDistance() : ListSettings.DEFAULTS.variantDistance();
                boolean h = d <= limit;
                // a hit beats a nearer non-hit; among equals, the nearer
                if ((h && !hit) || (h == hit && d < best)) {
                    best = d;
                    hit = h;
                    name = (i < 0 ? "whole" : query.get(i).kind().label()) + "->"
                            + (j < 0 ? "whole" : list.get(j).kind().label());
                }
            }
        }
        return best == Integer.MAX_VALUE ? "-" : best + (hit ? "* " : " ") + name;
    }

    private static String mark(int distance, int max) {
        return distance <= max ? "*" : "";
    }

    private static PdqResult pdq(FileHashes h) {
        PdqResult pdq = h.pdq();
        if (pdq == null) {
            throw new IllegalStateException("no PDQ hash: " + h.errorMessage());
        }
        return pdq;
    }
}
