package io.hashmatch.list;

/**
 * Where a {@link HashListSnapshot}'s multi-index search reads its index section from.
 *
 * <p>Immutable; thread-safe (an enum).
 */
public enum IndexMemory {
    /** Where it lies in the mapped file, shared with every process that maps it; costs no memory of its own. */
    MAPPED,
    /**
     * A read-only copy in anonymous memory on 2 MB transparent huge pages, when the kernel offers them (Linux, THP mode
     * {@code always} or {@code madvise}), the section is at least 64 MB and the machine has at least twice its size
     * available; otherwise {@link #MAPPED}. The copy costs the section's size in resident memory (1.24 GB at 10 M
     * entries) and a pass over it at open (about a second at 10 M); a search then misses the TLB far less often: at
     * 10 M entries, r = 31, about 0.8x the CPU per lookup (see {@code bench/RESULTS.md}). Same hits either way.
     */
    HUGE_PAGES
}
