package io.hashmatch.index;

/**
 * Picks the index strategy for a list size and search radius, from measurements on the project machine
 * (2 shared cores, AMD EPYC, one thread, fixture distribution: 80% random hashes, 20% near-duplicates; queries
 * half near an entry, half random). Stateless and thread-safe. A caller forces a strategy simply by using
 * {@link IndexStrategy} directly; every strategy returns the same hits.
 *
 * <p><b>Measurements</b> (mean per query; full tables and commands in {@code bench/INDEX-RESULTS.md} and
 * {@code bench/RESULTS.md}):
 * <pre>
 *                      1 M entries                      10 M entries
 * brute force, r=31    1.6-1.7 ms (1.66 ns/entry)       16-17 ms
 * multi-index, r=0     ~1 us                            ~2-4 us
 * multi-index, r=8     ~3-5 us                          ~10 us
 * multi-index, r=16    ~10-20 us                        ~20 us
 * multi-index, r=31    ~0.06-0.09 ms (m = 13)           ~0.19-0.21 ms (m = 11, 91 B/entry)
 * multi-index, r=47    0.53 ms                          (scan 1.6 ms at 1 M)
 * multi-index, r=55    1.42 ms                          (scan 1.58 ms at 1 M: the crossover)
 * BK-tree, r=0 / 8     6 us / 4.5 ms (4.7% visited)
 * BK-tree, r=16 / 31   36 ms (43% visited) / 66-100 ms (97% visited), i.e. 40-60x slower than a scan
 * </pre>
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>{@link IndexStrategy#BRUTE_FORCE} for lists under {@value #SMALL_LIST} entries: a scan of that many
 *       hashes takes ~7 us and needs no index;</li>
 *   <li>{@link IndexStrategy#BRUTE_FORCE} when multi-index hashing's own cost model (probes + candidates at
 *       ~23 ns each vs 1.6 ns per scanned entry, {@code MultiIndexHamming}) says a scan is cheaper: from
 *       r = 50 at 1 M entries, r = 51 at 10 M, r = 48 at 100 k with today's 16-bit chunks (measured crossover at
 *       1 M with the older 20-bit slot tables: r = 55; the model counts each of the wide buckets' candidates as a
 *       random access, so the scan comes early rather than late). A
 *       multi-index section would answer such queries by scanning anyway, so building it would only cost
 *       memory.</li>
 *   <li>{@link IndexStrategy#MULTI_INDEX} otherwise: PDQ's radii 0-31 (default 31) sit well inside that
 *       range, where it is ~20x (1 M) to ~80x (10 M) faster than a scan at r = 31 and 100-1000x at r <= 16.</li>
 *   <li>{@link IndexStrategy#BK_TREE} never by default: at r = 31 it visits 97% of the nodes, each visit a
 *       random access, and at small radii multi-index hashing is faster still.</li>
 * </ul>
 */
public final class IndexPlanner {
    /** Below this many entries a scan is as fast as any index. */
    public static final int SMALL_LIST = 4096;

    private IndexPlanner() {}

    /**
     * The strategy to build and use for a list of {@code size} entries searched at radius {@code radius}.
     *
     * @throws IllegalArgumentException if {@code radius} is outside 0..256 or {@code size} is negative
     */
    public static IndexStrategy choose(int radius, int size) {
        FlatHashes.checkRadius(radius);
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        if (size < SMALL_LIST || MultiIndexHamming.scansAt(size, radius)) {
            return IndexStrategy.BRUTE_FORCE;
        }
        return IndexStrategy.MULTI_INDEX;
    }
}
