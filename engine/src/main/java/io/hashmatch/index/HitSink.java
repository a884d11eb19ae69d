package io.hashmatch.index;

/**
 * Receives the hits of one {@link HammingIndex#search(io.hashmatch.hash.PdqHash, int, HitSink) search}:
 * primitive arguments, so the hot path neither boxes nor allocates.
 *
 * <p>Called on the searching thread, once per matching entry, in no particular order. An implementation
 * must not call back into the same search; it need not be thread-safe unless the caller shares one sink
 * between concurrent searches.
 */
@FunctionalInterface
public interface HitSink {
    /**
     * One hit.
     *
     * @param entry the entry number (0 .. {@code size() - 1}) in the hash list
     * @param distance the Hamming distance (0-256) between the query and the entry, at most the search radius
     */
    void hit(int entry, int distance);
}
