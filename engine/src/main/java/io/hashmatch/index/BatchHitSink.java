package io.hashmatch.index;

/**
 * Receives the hits of a {@link HammingIndex#searchBatch(long[], int, int, BatchHitSink) batched search}.
 *
 * <p>Called on the searching thread, once per (query, matching entry) pair, in no particular order (hits of
 * different queries may interleave). Same rules as {@link HitSink}.
 */
@FunctionalInterface
public interface BatchHitSink {
    /**
     * One hit.
     *
     * @param query the query number (0 .. {@code queryCount - 1}) in the batch
     * @param entry the entry number in the hash list
     * @param distance the Hamming distance (0-256), at most the search radius
     */
    void hit(int query, int entry, int distance);
}
