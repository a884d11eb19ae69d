package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.util.ArrayList;
import java.util.List;

/**
 * A searcher over one list of 256-bit PDQ hashes: finds every entry within a Hamming distance of a query.
 *
 * <p>Obtained from {@link IndexStrategy#open}; it reads the hash list and its index section in place
 * (normally a memory-mapped file) and holds O(1) heap. <b>Thread-safe:</b> once opened, any number of
 * threads may search concurrently; per-thread scratch (if a strategy needs any) is internal. The segments it
 * was opened on must stay alive (their arena open) while it is used.
 *
 * <p>Every search is exact: it reports each entry {@code e} with {@code distance(query, e) <= maxDistance}
 * exactly once, whatever the strategy, and nothing else. Radius range: {@code 0 <= maxDistance <= 256};
 * 256 matches every entry.
 */
public interface HammingIndex {

    /** Longs per query in the flat query array of {@link #searchBatch}: w0, w1, w2, w3. */
    int LONGS_PER_HASH = 4;

    /**
     * Reports every entry within {@code maxDistance} of {@code query} to {@code sink}.
     *
     * @throws IllegalArgumentException if {@code maxDistance} is outside 0..256
     * @throws IllegalStateException if the index section turns out to be corrupt while searching
     */
    void search(PdqHash query, int maxDistance, HitSink sink);

    /**
     * Searches {@code queryCount} queries at once; faster per query than {@link #search} one at a time
     * (brute force scans the list once per block of queries, comparing each loaded word with two queries;
     * multi-index hashing and the BK-tree gain little: each query's probes are random accesses either way).
     *
     * @param queries query {@code q} is {@code queries[4q .. 4q+3]} = w0..w3
     * @param queryCount number of queries, {@code 0 <= queryCount <= queries.length / 4}
     * @param maxDistance the radius, 0..256, the same for every query
     * @param sink receives (query number, entry, distance) for every hit
     * @throws IllegalArgumentException if {@code maxDistance} is outside 0..256 or {@code queryCount} is
     *     negative or exceeds {@code queries.length / 4}
     */
    void searchBatch(long[] queries, int queryCount, int maxDistance, BatchHitSink sink);

    /** Number of entries in the hash list. */
    int size();

    /** The strategy this searcher implements. */
    IndexStrategy strategy();

    /**
     * Convenience for tests and CLIs: every hit as a list sorted by {@link Hit#ORDER} (allocates).
     *
     * @throws IllegalArgumentException if {@code maxDistance} is outside 0..256
     */
    default List<Hit> search(PdqHash query, int maxDistance) {
        List<Hit> hits = new ArrayList<>();
        search(query, maxDistance, (entry, distance) -> hits.add(new Hit(entry, distance)));
        hits.sort(Hit.ORDER);
        return hits;
    }
}
