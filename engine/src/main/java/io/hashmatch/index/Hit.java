package io.hashmatch.index;

import java.util.Comparator;

/**
 * One search result: an entry number and its Hamming distance to the query. Immutable.
 *
 * <p>Used by the collecting conveniences ({@link HammingIndex#search(io.hashmatch.hash.PdqHash, int)}),
 * which sort by {@link #ORDER}: distance, then entry number. The hot path uses {@link HitSink} instead.
 *
 * @param entry the entry number in the hash list
 * @param distance the Hamming distance, 0-256
 */
public record Hit(int entry, int distance) {
    /** Nearest first; equal distances by ascending entry number. */
    public static final Comparator<Hit> ORDER =
            Comparator.comparingInt(Hit::distance).thenComparingInt(Hit::entry);
}
