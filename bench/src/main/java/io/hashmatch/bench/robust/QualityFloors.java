package io.hashmatch.bench.robust;

import io.hashmatch.bench.robust.RobustCorpus.Image;
import io.hashmatch.bench.robust.RobustCorpus.Role;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.hash.VariantPolicy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What lower PDQ quality floors would find and what they would risk, against the PDQ-only list of
 * {@link RobustMatching}: each query image is hashed once with every query-side variant of any quality and no cap
 * ({@link #UNGATED}); a setting of floors then keeps, as the product would have derived them, the variants of each
 * {@link Group} at or above the group's floor in the product's order, at most {@link VariantPolicy#QUERY_MAX_VARIANTS}
 * of them, and searches the query's own hash only at or above the {@link Group#WHOLE} floor (the matcher's). At the
 * product's floors (50 for every group) this is the product's query exactly; the report's first row says so by
 * equalling the query-variants column of the recall table.
 *
 * <p>For each setting: listed edits finding their item (per edit kind of the targets, and all), queries finding
 * another item (unrelated originals and edits, extra images, listed edits finding another item), and the nearest
 * distance of any searched hash of those queries to another item's hash: the margin left under the list's distance.
 */
final class QualityFloors {
    /** Query variants of any quality, all of them: filtered per setting afterwards. */
    static final VariantPolicy UNGATED = VariantPolicy.QUERY.withMinQuality(0).withMaxVariants(Integer.MAX_VALUE);

    /** The floors are set per group of variant kinds. */
    enum Group {
        /** The query's own hash and its 7 rotations and mirrors (one quality: the image's). */
        WHOLE,
        /** Found regions: trimmed borders, collage tiles, the embedded photo of a screenshot. */
        REGIONS,
        /** Uncrop frames. */
        UNCROP,
        /** The image without an overlay, and its opening. */
        UNMARK;

        static Group of(PdqVariant.Kind kind) {
            return switch (kind) {
                case DIHEDRAL -> WHOLE;
                case UNCROP -> UNCROP;
                case UNMARK, OPENING -> UNMARK;
                default -> REGIONS;
            };
        }
    }

    /** A floor per {@link Group}, every group present; iterated in the groups' order. */
    record Floors(Map<Group, Integer> floor) {
        Floors {
            floor = Collections.unmodifiableMap(new EnumMap<>(floor));
        }

        static Floors all(int f) {
            Map<Group, Integer> m = new EnumMap<>(Group.class);
            for (Group g : Group.values()) {
                m.put(g, f);
            }
            return new Floors(m);
        }

        Floors with(Group g, int f) {
            Map<Group, Integer> m = new EnumMap<>(floor);
            m.put(g, f);
            return new Floors(m);
        }

        int of(Group g) {
            return Objects.requireNonNull(floor.get(g), "every group has a floor");
        }

        String label() {
            StringBuilder s = new StringBuilder();
            for (int f : floor.values()) {
                s.append(s.isEmpty() ? "" : "/").append(f);
            }
            return s.toString();
        }
    }

    /** A query image hashed with {@link #UNGATED}. */
    record Ungated(Image image, FileHashes hashes) {}

    private static final List<EditKind> TARGETS = List.of(
            EditKind.BORDER10,
            EditKind.LETTERBOX,
            EditKind.PILLARBOX,
            EditKind.MEME_FRAME,
            EditKind.COLLAGE_2X2,
            EditKind.SCREENSHOT,
            EditKind.MIRROR_CROP5,
            EditKind.HALF_Q60,
            EditKind.WATERMARK);

    private QualityFloors() {}

    /** The settings compared: the product's, every group at each floor, and each group alone at each floor. */
    static List<Floors> settings(List<Integer> floors) {
        int product = VariantPolicy.DEFAULT_MIN_QUALITY;
        List<Floors> out = new ArrayList<>();
        out.add(Floors.all(product));
        for (int f : floors) {
            out.add(Floors.all(f));
        }
        for (Group g : Group.values()) {
            for (int f : floors) {
                out.add(Floors.all(product).with(g, f));
            }
        }
        return out;
    }

    /**
     * The variants of {@code h} the product would keep under {@code floors}: those at or above their group's floor,
     * in the product's order, at most {@link VariantPolicy#QUERY_MAX_VARIANTS}.
     */
    static List<PdqVariant> kept(Ungated h, Floors floors) {
        List<PdqVariant> kept = new ArrayList<>();
        for (PdqVariant v : h.hashes().variants()) {
            if (kept.size() == VariantPolicy.QUERY_MAX_VARIANTS) {
                break;
            }
            if (v.quality() >= floors.of(Group.of(v.kind()))) {
                kept.add(v);
            }
        }
        return kept;
    }

    /**
     * The query the product would make of {@code h} under {@code floors}: its {@link #kept} variants, of quality
     * unknown (the floors are applied here; the matcher's, the {@link Group#WHOLE} floor, then holds the own hash only).
     */
    static Query query(Ungated h, Floors floors) {
        PdqResult pdq = Objects.requireNonNull(h.hashes().pdq());
        List<Query.Variant> variants = new ArrayList<>();
        for (PdqVariant v : kept(h, floors)) {
            variants.add(new Query.Variant(HashVariant.of(v), v.pdq(), Query.QUALITY_UNKNOWN));
        }
        return new Query(h.image().file().toString(), pdq.hash(), pdq.quality(), null, null, null, variants);
    }

    /** A hash a query searches, with its quality. */
    record Searched(PdqHash hash, int quality) {}

    /** The hashes {@link #query} searches under {@code floors}, with their quality: the own hash first. */
    static List<Searched> searched(Ungated h, Floors floors) {
        PdqResult pdq = Objects.requireNonNull(h.hashes().pdq());
        List<Searched> out = new ArrayList<>();
        if (pdq.quality() >= floors.of(Group.WHOLE)) {
            out.add(new Searched(pdq.hash(), pdq.quality()));
        }
        for (PdqVariant v : kept(h, floors)) {
            out.add(new Searched(v.pdq(), v.quality()));
        }
        return out;
    }

    static void report(
            PrintStream out,
            List<Image> listed,
            List<PdqHash> listHashes,
            HashListSnapshot list,
            ListSettings settings,
            List<Ungated> hashed,
            List<Integer> floors) {
        Map<String, Integer> itemOf = new LinkedHashMap<>();
        for (int i = 0; i < listed.size(); i++) {
            itemOf.put(listed.get(i).name(), i);
        }
        out.println();
        out.println("## Quality floors against the PDQ-only list (floors whole/regions/uncrop/unmark; "
                + "whole = own hash and its rotations and mirrors)");
        out.println();
        StringBuilder head = new StringBuilder("| floors |");
        StringBuilder rule = new StringBuilder("|---|");
        for (EditKind k : TARGETS) {
            head.append(' ').append(k.label()).append(" |");
            rule.append("---|");
        }
        head.append(" all edits | false: unrelated | false: unrelated edits | false: extra | false: other item |"
                + " nearest to another item |");
        rule.append("---|---|---|---|---|---|");
        out.println(head);
        out.println(rule);
        for (Floors floors0 : settings(floors)) {
            Matcher m = Matcher.newBuilder()
                    .addList(list, settings)
                    .minQuality(floors0.of(Group.WHOLE))
                    .build();
            List<Query> batch = new ArrayList<>(hashed.size());
            for (Ungated h : hashed) {
                batch.add(query(h, floors0));
            }
            List<MatchResult> results = m.match(batch);
            Tally tally = new Tally();
            int nearest = Integer.MAX_VALUE;
            String nearestWhat = "";
            for (int i = 0; i < hashed.size(); i++) {
                Image q = hashed.get(i).image();
                Integer own = ownItem(q, itemOf);
                boolean wrong = false;
                for (MatchHit hit : results.get(i).hits()) {
                    wrong |= !tally.found(q, own, hit.entry());
                }
                tally.query(q, wrong);
                // the margin: every hash this query searches against every other item's hash
                List<Searched> searched = searched(hashed.get(i), floors0);
                for (int item = 0; item < listHashes.size(); item++) {
                    if (own != null && item == own) {
                        continue;
                    }
                    for (Searched s : searched) {
                        int d = s.hash().distance(listHashes.get(item));
                        if (d < nearest) {
                            nearest = d;
                            nearestWhat = q.name();
                        }
                    }
                }
            }
            out.println(tally.row(floors0.label()) + String.format(Locale.ROOT, " %d (%s) |", nearest, nearestWhat));
        }
        for (int f : floors) {
            for (int low : LOW_DISTANCES) {
                if (f < VariantPolicy.DEFAULT_MIN_QUALITY) {
                    out.println(heldRow(Floors.all(f), low, listHashes, itemOf, hashed, settings.maxDistance()));
                }
            }
        }
    }

    /** Distances a hash of quality under the product's floor is held to, in the rows that hold it. */
    static final int[] LOW_DISTANCES = {16, 24};

    /**
     * A row of the table for {@code floors} where a searched hash of quality under the product's floor finds an
     * item only within {@code low} (others within {@code max}): counted pair by pair, as a PDQ-only list's entries
     * are whole images (the matcher's rule is then the distance alone).
     */
    private static String heldRow(
            Floors floors,
            int low,
            List<PdqHash> listHashes,
            Map<String, Integer> itemOf,
            List<Ungated> hashed,
            int max) {
        Tally tally = new Tally();
        for (Ungated h : hashed) {
            Image q = h.image();
            Integer own = ownItem(q, itemOf);
            List<Searched> searched = searched(h, floors);
            boolean wrong = false;
            for (int item = 0; item < listHashes.size(); item++) {
                boolean hit = false;
                for (Searched s : searched) {
                    int limit = s.quality() < VariantPolicy.DEFAULT_MIN_QUALITY ? low : max;
                    if (s.hash().distance(listHashes.get(item)) <= limit) {
                        hit = true;
                        break;
                    }
                }
                if (hit) {
                    wrong |= !tally.found(q, own, item);
                }
            }
            tally.query(q, wrong);
        }
        return tally.row(floors.label() + ", under " + VariantPolicy.DEFAULT_MIN_QUALITY + " within " + low) + " |";
    }

    /** The item a listed edit should find, by its source's name; null for any other query image. */
    private static @Nullable Integer ownItem(Image q, Map<String, Integer> itemOf) {
        return q.role() == Role.LISTED_EDIT ? itemOf.get(q.sourceName()) : null;
    }

    /**
     * The counts of one row of the table, however its hits were found: listed edits finding their item (per target
     * edit kind, and all), and queries with a false hit (per {@link #falseColumn}).
     */
    private static final class Tally {
        private final Map<EditKind, Integer> ok = new LinkedHashMap<>();
        private int all;
        private final int[] bad = new int[4];

        /** Counts a hit of {@code q} on {@code item} if it is the query's own item; false for a false hit. */
        boolean found(Image q, @Nullable Integer own, int item) {
            if (own == null || item != own) {
                return false;
            }
            if (q.kind() != null) {
                ok.merge(q.kind(), 1, Integer::sum);
            }
            all++;
            return true;
        }

        /** Ends query {@code q}: counted once in its false-hit column when any of its hits was false. */
        void query(Image q, boolean wrong) {
            if (wrong) {
                bad[falseColumn(q.role())]++;
            }
        }

        /** The row's first cell ({@code label}) and the counts, up to the last false-hit column's bar. */
        String row(String label) {
            StringBuilder row = new StringBuilder("| " + label + " |");
            for (EditKind k : TARGETS) {
                row.append(' ').append(ok.getOrDefault(k, 0)).append(" |");
            }
            row.append(' ').append(all).append(" |");
            for (int b : bad) {
                row.append(' ').append(b == 0 ? "0" : "**" + b + "**").append(" |");
            }
            return row.toString();
        }
    }

    /** The false-hit column of a query image's role. */
    private static int falseColumn(Role role) {
        return switch (role) {
            case UNRELATED -> 0;
            case UNRELATED_EDIT -> 1;
            case EXTRA -> 2;
            default -> 3;
        };
    }
}
