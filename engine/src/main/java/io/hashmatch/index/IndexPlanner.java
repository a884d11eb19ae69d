package io.hashmatch.index;

/**
 * Picks the index strategy for a list size and search radius, from measurements on the project machine
 * (2 shared cores, AMD EPYC, one thread, fixture distribution: 80% random hashes, 20% near-duplicates; queries
 * half near an entry, half random). Stateless and thread-safe. A caller forces a strategy simply by using
 * {@link IndexStrategy} directly; every strategy returns the same hits.
 *
 * <p><b>Measurements</b> (layout 6: sixteen 16-bit chunks from 32 768 entries; mean per query of
 * {@code HammingSearchBenchmark.single}, multi-index forced past its plan's scan, alternated with brute force in the
 * same minutes on a loaded machine, so ratios only; tables and commands in {@code bench/RESULTS.md}, "Index planner
 * recalibrated for layout 6"; the older layouts and the BK-tree in {@code bench/INDEX-RESULTS.md}):
 * <pre>
 * multi-index / scan        100 k entries    1 M entries          10 M entries
 * r = 32 (392 probes)       0.19             0.12                 -
 * r = 40 (1 352)            0.59             0.09                 -
 * r = 44 (1 832)            0.98             0.16                 -
 * r = 48 (2 752)            1.5              0.36                 -
 * r = 52 (4 992)            1.9              0.59                 -
 * r = 56 (7 232)            3.6              0.81                 0.19
 * r = 58 (8 352)            -                1.15                 -
 * r = 60 (9 472)            9.2              1.24, 1.63           -
 * r = 64 (12 972)           26               1.32                 0.48
 * r = 66 / 68               -                -                    0.40 / 0.38
 * r = 72 (27 532)           -                -                    0.64, 1.32
 * r = 88 (79 584)           -                -                    10.6
 * measured crossover        r = 44           r = 57-58            r = ~72
 * plan scans from           r = 44           r = 58               r = 73
 * </pre>
 * At PDQ's default r = 31 (272 probes) a query at 10 M takes 61-83 us bare ({@code bench/RESULTS.md}, "Figures
 * after the nineteenth session's merges"), far below a scan.
 * BK-tree (older measurements): 6 us / 4.5 ms at r = 0 / 8 (4.7% visited), 36 ms at r = 16 (43% visited),
 * 66-100 ms at r = 31 (97% visited), i.e. 40-60x slower than a scan.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>{@link IndexStrategy#BRUTE_FORCE} for lists under {@value #SMALL_LIST} entries: a scan of that many
 *       hashes takes ~7 us and needs no index;</li>
 *   <li>{@link IndexStrategy#BRUTE_FORCE} when multi-index hashing's own cost model ({@code
 *       MultiIndexHamming.scansAt}: a probe costs as much as scanning ~{@code 22 + 27 sqrt(n / 2^b)} entries, fitted
 *       to the crossovers above) says a scan is cheaper: from r = 44 at 100 k entries, r = 58 at 1 M and r = 73 at
 *       10 M, the measured crossovers within their noise; below 32 768 entries (narrower chunks) from r = 28 at
 *       6 000 entries, where the two measured within noise of each other at r = 24-36. A multi-index section would
 *       answer such queries by scanning anyway, so building it would only cost memory.</li>
 *   <li>{@link IndexStrategy#MULTI_INDEX} otherwise: PDQ's radii 0-31 (default 31) sit well inside that range
 *       from 32 768 entries on (at r = 32: 5x faster than a scan at 100 k, 8x at 1 M).</li>
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
