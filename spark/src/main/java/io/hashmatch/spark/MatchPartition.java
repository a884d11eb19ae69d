package io.hashmatch.spark;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * Matches one partition of stored hashes, in blocks of queries, with the engine's {@link Matcher} over the
 * executor's snapshots ({@link ExecutorSnapshots}): the same matcher, rules and order as {@code hashmatch match}.
 * Lazy: a block is read and matched when the writer asks for its hits, so a partition's memory is one block and
 * its hits.
 *
 * <p>Input rows: {@link #INPUT}. Output rows, one per hit: {@link #HITS}. A row whose hashes cannot be parsed is
 * counted and sampled ({@link ScanCounters}), never thrown.
 */
final class MatchPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** The columns a partition reads, whatever the input's own names: the id and the hashes as text. */
    static final StructType INPUT = new StructType()
            .add("id", DataTypes.StringType)
            .add("pdq", DataTypes.StringType)
            .add("md5", DataTypes.StringType)
            .add("sha1", DataTypes.StringType)
            .add("sha256", DataTypes.StringType)
            .add("quality", DataTypes.IntegerType);

    /** One row per hit. */
    static final StructType HITS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("hash", DataTypes.StringType, false)
            .add("list", DataTypes.StringType, false)
            .add("entry", DataTypes.IntegerType, false)
            .add("distance", DataTypes.IntegerType, false)
            .add("category", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, true)
            .add("suppressing", DataTypes.BooleanType, false)
            .add("suppressed", DataTypes.BooleanType, false)
            .add("list_version", DataTypes.StringType, false)
            .add("list_checksum", DataTypes.StringType, false);

    private final ListRef[] lists;
    private final int minQuality;
    private final int blockSize;
    private final ScanCounters counters;

    MatchPartition(List<ListRef> lists, int minQuality, int blockSize, ScanCounters counters) {
        this.lists = lists.toArray(ListRef[]::new);
        this.minQuality = minQuality;
        this.blockSize = blockSize;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Matcher.Builder builder = Matcher.newBuilder().minQuality(minQuality);
        Map<String, ListRef> byName = new HashMap<>();
        for (ListRef l : lists) {
            HashListSnapshot s = ExecutorSnapshots.get(l, counters.snapshotOpens, counters.snapshotOpenMillis);
            builder.addList(s, new ListSettings(l.maxDistance(), l.suppression()));
            byName.put(l.name(), l);
        }
        Matcher matcher = builder.build();
        return new Iterator<>() {
            private Iterator<Row> block = Collections.emptyIterator();
            private int sampled;

            @Override
            public boolean hasNext() {
                while (!block.hasNext() && input.hasNext()) {
                    block = matchBlock().iterator();
                }
                return block.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return block.next();
            }

            private List<Row> matchBlock() {
                List<Query> queries = new ArrayList<>(blockSize);
                long rows = 0;
                while (queries.size() < blockSize && input.hasNext()) {
                    Row r = input.next();
                    rows++;
                    Query q = query(r);
                    if (q != null) {
                        queries.add(q);
                    }
                }
                counters.rows.add(rows);
                List<Row> out = new ArrayList<>();
                for (MatchResult result : matcher.match(queries)) {
                    if (result.lowQuality()) {
                        counters.lowQuality.add(1);
                    }
                    boolean matched = false;
                    for (MatchHit h : result.hits()) {
                        ListRef list = byName.get(h.list());
                        int entry = h.entry();
                        int[] delta = list == null || list.delta() == null
                                ? null
                                : list.delta().value();
                        if (delta != null) {
                            entry = delta[entry];
                            if (entry < 0) {
                                continue; // an old suppression entry: it suppresses, but is not new
                            }
                        }
                        matched |= h.isMatch();
                        out.add(RowFactory.create(
                                result.query().label(),
                                h.kind().name().toLowerCase(Locale.ROOT),
                                hashOf(result.query(), h.kind()),
                                h.list(),
                                entry,
                                h.distance(),
                                h.category(),
                                h.sourceList(),
                                h.suppressing(),
                                h.suppressed(),
                                list == null ? "" : list.version(),
                                list == null ? "" : list.checksum()));
                    }
                    if (matched) {
                        counters.matchedRows.add(1);
                    }
                }
                return out;
            }

            // The query of one row, or null (counted) when it has no hash or a hash that does not parse.
            private @Nullable Query query(Row r) {
                String id = r.isNullAt(0) ? null : r.getString(0);
                String pdq = text(r, 1);
                String md5 = text(r, 2);
                String sha1 = text(r, 3);
                String sha256 = text(r, 4);
                int quality = r.isNullAt(5) ? Query.QUALITY_UNKNOWN : r.getInt(5);
                if (pdq == null && md5 == null && sha1 == null && sha256 == null) {
                    counters.emptyRows.add(1);
                    return null;
                }
                try {
                    if (id == null) {
                        throw new IllegalArgumentException("no id");
                    }
                    PdqHash hash = pdq == null ? null : PdqHash.fromHex(HashKind.PDQ.normalize(pdq));
                    return new Query(id, hash, hash == null ? Query.QUALITY_UNKNOWN : quality, md5, sha1, sha256);
                } catch (IllegalArgumentException e) {
                    counters.invalidRows.add(1);
                    if (sampled++ < ScanCounters.SAMPLES_PER_TASK) {
                        counters.problems.add(
                                "row " + (id == null ? "without id" : "'" + id + "'") + ": " + e.getMessage());
                    }
                    return null;
                }
            }
        };
    }

    private static @Nullable String text(Row r, int i) {
        if (r.isNullAt(i)) {
            return null;
        }
        String s = r.getString(i).strip();
        return s.isEmpty() ? null : s;
    }

    private static String hashOf(Query q, HashKind kind) {
        String hex =
                switch (kind) {
                    case PDQ -> q.pdq() == null ? null : q.pdq().toHex();
                    case MD5 -> q.md5();
                    case SHA1 -> q.sha1();
                    case SHA256 -> q.sha256();
                    case PHOTODNA -> null;
                };
        return hex == null ? "" : hex;
    }
}
