package io.hashmatch.match;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.index.IndexPlanner;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.metadata.EntryMetadata;
import io.hashmatch.video.VideoMatch;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Matches queries against one or more opened lists, each with its own {@link ListSettings}.
 *
 * <pre>{@code
 * Matcher m = Matcher.newBuilder()
 *     .addList(vendorList)                                        // distance 31
 *     .addList(knownFalsePositives, ListSettings.DEFAULTS.withSuppression(true))
 *     .minQuality(50)
 *     .build();
 * MatchResult r = m.match(Query.of("photo.jpg", fileHasher.hash(path)));
 * }</pre>
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li><b>PDQ:</b> a list reports every entry whose PDQ hash is within the list's
 *       {@link ListSettings#maxDistance()} of the query's, at that distance. Only when the query's quality is
 *       known and below {@link Builder#minQuality(int) minQuality} (default {@value #DEFAULT_MIN_QUALITY}) is the
 *       PDQ hash not searched: the result says {@link MatchResult#lowQuality()} instead of matching a hash that
 *       carries little information.</li>
 *   <li><b>Variants and items:</b> a query's {@link Query#variants() variants} (regions, transforms of its image)
 *       are searched beside its PDQ hash, each subject to the quality floor on its own; a list entry is an
 *       <i>item</i> whose PDQ hashes are its whole image's and its variants' ({@link HashListSnapshot#pdqVariant}).
 *       A hit between two variants (neither the whole image in its original orientation) counts only within
 *       {@link ListSettings#variantDistance()}. Each item gets <b>one</b> PDQ hit, the nearest pair (ties: the
 *       query's own hash before its variants, then the item's hashes in record order), naming the query variant
 *       and the entry variant that met ({@link MatchHit#queryVariant()}, {@link MatchHit#entryVariant()}).</li>
 *   <li><b>Exact:</b> MD5, SHA-1 and SHA-256 digests hit the entries with the same digest, at distance 0,
 *       whatever the quality. An entry hit by PDQ and by a digest is reported once per kind.</li>
 *   <li><b>Suppression:</b> a hit is a <i>suppression hit</i> when its list is a suppression list
 *       ({@link ListSettings#suppression()}) or its entry a suppression entry
 *       ({@link HashListSnapshot#isSuppression(int)}: ThreatExchange {@code NEGATIVE_CLASS}). If a query has
 *       any suppression hit (PDQ within that list's distance, or exact), every other hit of that query, on
 *       every list, is marked {@link MatchHit#suppressed()} and the query does not count as a match
 *       ({@link MatchResult#matched()} is false). The hits stay in the result so that the reason is visible.</li>
 *   <li><b>Order:</b> hits sorted by distance, then list (in the order added), then entry, then kind.</li>
 * </ul>
 *
 * <p><b>Index.</b> Each list is searched with the strategy the {@link IndexPlanner} picks for its size and
 * distance, unless one is forced ({@link Builder#strategy}); every strategy gives the same hits.
 * {@link #match(List)} searches all PDQ queries of the batch at once per list
 * ({@link HammingIndex#searchBatch}); {@link #match(List, MatchLimits)} bounds the hits kept per query and the
 * work of the call, keeping memory O(hits kept) however many entries a wide search reaches.
 *
 * <p><b>Live lists.</b> A list added with a {@link ListDelta} is searched as its snapshot plus the delta: hits on
 * removed entries are dropped, and the delta's additions are searched with
 * {@link ListDelta.View#searchPdq} (an index of them built in the background, and a scan of those after it). Each call reads one {@linkplain ListDelta#view() view} per list, so a change committed before the call
 * is seen by it, and a change committed during it is seen by the next.
 *
 * <p><b>Metadata.</b> Matching reads only the snapshots (category, source list and suppression flag live
 * there); {@link #metadata(MatchHit)} opens a list's Chronicle Map metadata on first use.
 *
 * <p><b>Thread-safe</b> once built: any number of threads may match at once. The matcher does not own the
 * snapshots: they must stay open while it is used, and the caller closes them.
 */
public final class Matcher {
    /** Default quality floor of PDQ queries. */
    public static final int DEFAULT_MIN_QUALITY = 50;

    /** One searched list. */
    private record Searched(
            String name,
            HashListSnapshot snapshot,
            ListSettings settings,
            HammingIndex index,
            @Nullable ListDelta delta) {
        /** The delta's current state, or null without a delta. */
        ListDelta.@Nullable View view() {
            return delta == null ? null : delta.view();
        }
    }

    private final List<Searched> lists;
    private final int minQuality;

    private Matcher(List<Searched> lists, int minQuality) {
        this.lists = List.copyOf(lists);
        this.minQuality = minQuality;
    }

    /** A builder: no lists yet, quality floor {@value #DEFAULT_MIN_QUALITY}, strategy chosen per list. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The names of the lists, in the order added. */
    public List<String> listNames() {
        List<String> names = new ArrayList<>(lists.size());
        for (Searched l : lists) {
            names.add(l.name());
        }
        return names;
    }

    /** The quality floor of PDQ queries. */
    public int minQuality() {
        return minQuality;
    }

    /** The index strategy used for the list named {@code list}. */
    public IndexStrategy strategy(String list) {
        return find(list).index().strategy();
    }

    /** Matches one query. */
    public MatchResult match(Query query) {
        return match(List.of(query)).get(0);
    }

    /**
     * Matches many queries at once (PDQ searches batched per list); results in the order of {@code queries}.
     */
    public List<MatchResult> match(List<Query> queries) {
        return match(queries, MatchLimits.NONE);
    }

    /**
     * Matches many queries at once within {@code limits}: each result keeps at most
     * {@link MatchLimits#hitsPerQuery()} hits (the first of the unlimited result, and the nearest suppression hit;
     * {@link MatchResult#truncated()} when some were left out).
     *
     * @throws MatchBudgetException if the call goes over {@link MatchLimits#hitsPerCall()} or
     *     {@link MatchLimits#examinedPerCall()}; it stops as soon as it does
     */
    public List<MatchResult> match(List<Query> queries, MatchLimits limits) {
        Objects.requireNonNull(limits, "limits");
        int n = queries.size();
        QueryHits.Budget budget = new QueryHits.Budget(limits);
        QueryHits[] found = new QueryHits[n];
        boolean[] lowQuality = new boolean[n];
        // One search row per PDQ hash of a query: its own (row 0), then each variant of quality at least the floor.
        int rows = 0;
        for (Query query : queries) {
            rows += query.pdq() == null ? 0 : 1 + query.variants().size();
        }
        long[] flat = new long[Math.multiplyExact(rows, HammingIndex.LONGS_PER_HASH)];
        int[] queryOf = new int[rows];
        int[] rowOf = new int[rows];
        int searched = 0;
        for (int q = 0; q < n; q++) {
            found[q] = new QueryHits(budget);
            Query query = queries.get(q);
            PdqHash pdq = query.pdq();
            if (pdq == null) {
                continue;
            }
            if (query.quality() != Query.QUALITY_UNKNOWN && query.quality() < minQuality) {
                lowQuality[q] = true;
            } else {
                putRow(flat, searched, pdq);
                queryOf[searched] = q;
                rowOf[searched++] = 0;
            }
            for (int v = 0; v < query.variants().size(); v++) {
                Query.Variant variant = query.variants().get(v);
                if (variant.quality() == Query.QUALITY_UNKNOWN || variant.quality() >= minQuality) {
                    putRow(flat, searched, variant.hash());
                    queryOf[searched] = q;
                    rowOf[searched++] = v + 1;
                }
            }
        }
        for (int l = 0; l < lists.size(); l++) {
            Searched list = lists.get(l);
            int position = l;
            ListDelta.View delta = list.view();
            if (searched > 0 && list.index().size() > 0) {
                HashListSnapshot snapshot = list.snapshot();
                ListSettings settings = list.settings();
                list.index().searchBatch(flat, searched, settings.maxDistance(), (row, record, distance) -> {
                    Query query = queries.get(queryOf[row]);
                    if (distance > settings.variantDistance()
                            && rowOf[row] != 0
                            && distance
                                    > settings.maxDistance(query.rowVariant(rowOf[row]), snapshot.pdqVariant(record))) {
                        return; // two variants: held to the tighter distance
                    }
                    int entry = snapshot.pdqEntry(record);
                    if (delta == null || !delta.isRemoved(entry)) {
                        found[queryOf[row]].add(
                                position,
                                entry,
                                distance,
                                HashKind.PDQ,
                                rowOf[row],
                                record,
                                suppressing(position, entry));
                    }
                });
            }
            if (searched > 0 && delta != null) {
                delta.searchPdq(
                        flat,
                        searched,
                        list.settings().maxDistance(),
                        (row, entry, distance) -> found[queryOf[row]].add(
                                position, entry, distance, HashKind.PDQ, rowOf[row], -1, suppressing(position, entry)));
            }
            for (int q = 0; q < n; q++) {
                Query query = queries.get(q);
                addExact(
                        found[q],
                        l,
                        HashKind.MD5,
                        query.md5() == null ? null : list.snapshot().findMd5(query.md5()),
                        delta);
                if (delta != null && query.md5() != null) {
                    addExact(found[q], l, HashKind.MD5, delta.findMd5(query.md5()), null);
                }
                addExact(
                        found[q],
                        l,
                        HashKind.SHA1,
                        query.sha1() == null ? null : list.snapshot().findSha1(query.sha1()),
                        delta);
                addExact(
                        found[q],
                        l,
                        HashKind.SHA256,
                        query.sha256() == null ? null : list.snapshot().findSha256(query.sha256()),
                        delta);
            }
        }
        List<MatchResult> results = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            results.add(result(queries.get(q), lowQuality[q], found[q]));
        }
        return results;
    }

    /**
     * Matches a video's vPDQ frames against the video entries of every list (those imported from vPDQ files),
     * each through its snapshot's frame index ({@link HashListSnapshot#videoIndex()}), with the reference matcher's
     * counting rules and the hit thresholds of {@code rules} (the lists' PDQ distances do not apply to videos).
     *
     * <p>Only hits are returned: one per (list, entry), the first of the entry's videos that hits, in list order
     * then entry order. Suppression works as for {@link #match(Query)}: a hit on a suppression list or entry is
     * suppressing and marks the others suppressed. To combine with the same file's image and exact hits, see
     * {@link #suppressAcross}.
     */
    public List<VideoHit> matchVideo(List<VpdqFrame> frames, VideoMatcher rules) {
        return matchVideo(frames, rules, MatchLimits.NONE);
    }

    /**
     * As {@link #matchVideo(List, VideoMatcher)}, within the call budgets of {@code limits}: the hits returned count
     * against {@link MatchLimits#hitsPerCall()}, and the frames of known videos the indexes find within the frame
     * distance of a query frame ({@link io.hashmatch.video.VideoIndex#match(List, VideoMatcher, Runnable)}) against
     * {@link MatchLimits#examinedPerCall()}. {@link MatchLimits#hitsPerQuery()} does not apply: a video is one query
     * and its answer has no truncated form, so every hit is returned or the call fails.
     *
     * @throws MatchBudgetException if the call goes over {@link MatchLimits#hitsPerCall()} or
     *     {@link MatchLimits#examinedPerCall()}; it stops as soon as it does
     */
    public List<VideoHit> matchVideo(List<VpdqFrame> frames, VideoMatcher rules, MatchLimits limits) {
        Objects.requireNonNull(rules, "rules");
        QueryHits.Budget budget = new QueryHits.Budget(limits);
        List<VideoHit> hits = new ArrayList<>();
        if (frames.isEmpty()) {
            return hits;
        }
        for (Searched list : lists) {
            HashListSnapshot s = list.snapshot();
            if (s.videoCount() == 0) {
                continue;
            }
            ListDelta.View delta = list.view();
            Set<Integer> seen = new HashSet<>();
            List<VideoHit> fromList = new ArrayList<>();
            for (VideoMatch m : s.videoIndex().match(frames, rules, budget::examined)) {
                int entry = s.videoEntry(m.video());
                if (m.hit() && (delta == null || !delta.isRemoved(entry)) && seen.add(entry)) {
                    budget.hits(1);
                    fromList.add(new VideoHit(
                            list.name(),
                            entry,
                            m.comparison(),
                            s.category(entry),
                            s.sourceList(entry),
                            list.settings().suppression() || s.isSuppression(entry),
                            false));
                }
            }
            fromList.sort(Comparator.comparingInt(VideoHit::entry));
            hits.addAll(fromList);
        }
        return suppressAcross(List.of(), hits).videoHits();
    }

    /**
     * The image/exact hits and the video hits of one file, both lists.
     *
     * @param hits image and exact hits
     * @param videoHits video hits
     */
    public record FileHits(List<MatchHit> hits, List<VideoHit> videoHits) {
        /** Copies the lists. */
        public FileHits {
            hits = List.copyOf(hits);
            videoHits = List.copyOf(videoHits);
        }
    }

    /**
     * Applies the suppression rule over one file's image/exact hits and video hits together: if any of them is
     * suppressing, every other one is marked suppressed; otherwise none is. Order is kept.
     */
    public static FileHits suppressAcross(List<MatchHit> hits, List<VideoHit> videoHits) {
        boolean any = hits.stream().anyMatch(MatchHit::suppressing)
                || videoHits.stream().anyMatch(VideoHit::suppressing);
        List<MatchHit> h = new ArrayList<>(hits.size());
        for (MatchHit x : hits) {
            boolean suppressed = any && !x.suppressing();
            h.add(x.suppressed() == suppressed ? x : x.withSuppressed(suppressed));
        }
        List<VideoHit> v = new ArrayList<>(videoHits.size());
        for (VideoHit x : videoHits) {
            v.add(x.withSuppressed(any && !x.suppressing()));
        }
        return new FileHits(h, v);
    }

    /**
     * The metadata of a hit's entry (external id, tags, date added, ...), opening that list's metadata store
     * on first use (seconds in a fresh JVM; later calls are cheap).
     *
     * @throws IllegalArgumentException if no list of this matcher has the hit's name
     * @throws java.nio.file.NoSuchFileException if the list has no metadata file
     * @throws IOException if the store cannot be opened
     */
    public Optional<EntryMetadata> metadata(MatchHit hit) throws IOException {
        Searched list = find(hit.list());
        HashListSnapshot snapshot = list.snapshot();
        ListDelta.View delta = list.view();
        if (delta != null && delta.isAddition(hit.entry())) {
            String label = delta.label(hit.entry());
            return Optional.of(new EntryMetadata(
                    label.isEmpty() ? null : label,
                    delta.category(hit.entry()),
                    "",
                    delta.date(hit.entry()),
                    List.of(),
                    null));
        }
        Optional<EntryMetadata> stored = snapshot.metadata().get(hit.entry());
        if (stored.isPresent() || hit.entry() < 0 || hit.entry() >= snapshot.entryCount()) {
            return stored;
        }
        // An imported entry with nothing beyond its category and source list has no record (EntryMetadataStore).
        String source = snapshot.sourceList(hit.entry());
        return Optional.of(new EntryMetadata(
                null, snapshot.category(hit.entry()), source == null ? "" : source, null, List.of(), null));
    }

    private Searched find(String name) {
        for (Searched l : lists) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no list named '" + name + "' in this matcher");
    }

    private static void putRow(long[] flat, int row, PdqHash hash) {
        for (int w = 0; w < HammingIndex.LONGS_PER_HASH; w++) {
            flat[row * HammingIndex.LONGS_PER_HASH + w] = hash.word(w);
        }
    }

    /** Adds exact hits, but not on entries {@code delta} removed. */
    private void addExact(
            QueryHits into, int list, HashKind kind, int @Nullable [] entries, ListDelta.@Nullable View delta) {
        if (entries != null) {
            for (int e : entries) {
                if (delta == null || !delta.isRemoved(e)) {
                    into.add(list, e, 0, kind, suppressing(list, e));
                }
            }
        }
    }

    private MatchResult result(Query query, boolean lowQuality, QueryHits found) {
        QueryHits.Kept kept = found.finish(f -> suppressing(f.list(), f.entry()));
        boolean anySuppressing = found.anySuppressing();
        List<MatchHit> hits = new ArrayList<>(kept.hits().size());
        for (QueryHits.Found f : kept.hits()) {
            Searched list = lists.get(f.list());
            boolean suppressing = suppressing(f.list(), f.entry());
            boolean pdq = f.kind() == HashKind.PDQ;
            hits.add(new MatchHit(
                    list.name(),
                    f.entry(),
                    f.distance(),
                    f.kind(),
                    category(list, f.entry()),
                    inBase(list, f.entry()) ? list.snapshot().sourceList(f.entry()) : null,
                    suppressing,
                    anySuppressing && !suppressing,
                    pdq ? query.rowVariant(f.row()) : null,
                    pdq ? entryVariant(list, f.record()) : null));
        }
        return new MatchResult(query, lowQuality, hits, kept.truncated());
    }

    /** The variant of PDQ record {@code record} of the snapshot; a delta's addition (record -1) is a whole image. */
    private static HashVariant entryVariant(Searched list, int record) {
        return record < 0 ? HashVariant.WHOLE : list.snapshot().pdqVariant(record);
    }

    private boolean suppressing(int list, int entry) {
        Searched l = lists.get(list);
        return l.settings().suppression() || (inBase(l, entry) && l.snapshot().isSuppression(entry));
    }

    /** Whether {@code entry} is one of the snapshot's (not an addition of the delta). */
    private static boolean inBase(Searched list, int entry) {
        return entry < list.snapshot().entryCount();
    }

    /** The category of a hit's entry: from the snapshot, or from the delta for an addition. */
    private static @Nullable String category(Searched list, int entry) {
        if (inBase(list, entry)) {
            return list.snapshot().category(entry);
        }
        ListDelta.View delta = list.view();
        return delta != null && delta.isAddition(entry) ? delta.category(entry) : null;
    }

    /**
     * Collects the lists and settings of a {@link Matcher}. Not thread-safe; {@link #build()} may be called
     * more than once.
     */
    public static final class Builder {
        private final List<HashListSnapshot> snapshots = new ArrayList<>();
        private final List<ListSettings> settings = new ArrayList<>();
        private final List<@Nullable ListDelta> deltas = new ArrayList<>();
        private int minQuality = DEFAULT_MIN_QUALITY;
        private @Nullable IndexStrategy strategy;

        private Builder() {}

        /** Adds a list with {@link ListSettings#DEFAULTS}. */
        public Builder addList(HashListSnapshot snapshot) {
            return addList(snapshot, ListSettings.DEFAULTS);
        }

        /**
         * Adds a list, known by its {@link HashListSnapshot#name()}.
         *
         * @throws IllegalArgumentException if a list of the same name was already added
         */
        public Builder addList(HashListSnapshot snapshot, ListSettings settings) {
            return addList(snapshot, settings, null);
        }

        /**
         * Adds a live list: {@code snapshot} with the changes of {@code delta} (null: none), read at every match.
         *
         * @throws IllegalArgumentException if a list of the same name was already added, or {@code delta} applies to
         *     another snapshot
         */
        public Builder addList(HashListSnapshot snapshot, ListSettings settings, @Nullable ListDelta delta) {
            Objects.requireNonNull(snapshot, "snapshot");
            if (delta != null && !delta.baseId().equals(snapshot.id())) {
                throw new IllegalArgumentException("the delta " + delta.path() + " applies to snapshot "
                        + delta.baseId() + ", not " + snapshot.id());
            }
            Objects.requireNonNull(settings, "settings");
            for (HashListSnapshot s : snapshots) {
                if (s.name().equals(snapshot.name())) {
                    throw new IllegalArgumentException(
                            "two lists named '" + snapshot.name() + "': list names must be unique");
                }
            }
            snapshots.add(snapshot);
            this.settings.add(settings);
            this.deltas.add(delta);
            return this;
        }

        /**
         * PDQ queries whose known quality is below {@code minQuality} are answered "low quality" instead of
         * searched. Default {@value Matcher#DEFAULT_MIN_QUALITY}; 0 searches every PDQ hash.
         *
         * @throws IllegalArgumentException if {@code minQuality} is outside 0..100
         */
        public Builder minQuality(int minQuality) {
            if (minQuality < 0 || minQuality > 100) {
                throw new IllegalArgumentException("minQuality must be 0..100, got " + minQuality);
            }
            this.minQuality = minQuality;
            return this;
        }

        /**
         * Forces one index strategy for every list; null (the default, "auto") lets {@link IndexPlanner} choose
         * per list from its size and maximum distance. Results are the same either way.
         */
        public Builder strategy(@Nullable IndexStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /**
         * The matcher.
         *
         * @throws IllegalStateException if no list was added
         */
        public Matcher build() {
            if (snapshots.isEmpty()) {
                throw new IllegalStateException("a matcher needs at least one list (addList)");
            }
            List<Searched> lists = new ArrayList<>();
            for (int i = 0; i < snapshots.size(); i++) {
                HashListSnapshot s = snapshots.get(i);
                ListSettings ls = settings.get(i);
                HammingIndex index = strategy == null ? s.index(ls.maxDistance()) : s.index(strategy);
                lists.add(new Searched(s.name(), s, ls, index, deltas.get(i)));
            }
            return new Matcher(lists, minQuality);
        }
    }
}
