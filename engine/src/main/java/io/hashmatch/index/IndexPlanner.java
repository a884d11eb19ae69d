package io.hashmatch.index;

/**
 * Picks the index strategy for a list size and search radius, from measurements on the project machine.
 * Stateless and thread-safe. Callers that know better force a strategy by using {@link IndexStrategy}
 * directly; every strategy returns the same hits.
 *
 * <p><b>Rules</b> (the figures below are the measurements behind them; see {@code bench/INDEX-RESULTS.md}):
 * <ul>
 *   <li>{@link IndexStrategy#BRUTE_FORCE} for lists under {@value #SMALL_LIST} entries (a scan of that many
 *       32-byte hashes takes microseconds and needs no index) and for radii above {@value #MAX_INDEXED_RADIUS}
 *       (the pigeonhole probes outnumber the entries: multi-index hashing itself falls back to a scan);</li>
 *   <li>{@link IndexStrategy#MULTI_INDEX} otherwise: PDQ's radii (0-31, default 31) are where it wins;</li>
 *   <li>{@link IndexStrategy#BK_TREE} never by default: it visits most nodes at r = 31 and is slower than a
 *       scan there, and at small radii multi-index hashing is faster still.</li>
 * </ul>
 */
public final class IndexPlanner {
  /** Below this many entries a scan is as fast as any index. */
  public static final int SMALL_LIST = 4096;
  /** Above this radius no index beats the scan at any list size measured. */
  public static final int MAX_INDEXED_RADIUS = 64;

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
    if (size < SMALL_LIST || radius > MAX_INDEXED_RADIUS) {
      return IndexStrategy.BRUTE_FORCE;
    }
    return IndexStrategy.MULTI_INDEX;
  }
}
