package io.hashmatch.index;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The three Hamming range-search strategies, and the two steps each has: {@link #build} a section from a
 * hash list, and {@link #open} a searcher on a hash list plus its (stored) section.
 *
 * <p>Which to use: {@link IndexPlanner#choose(int, int)}. All three return exactly the same hits.
 *
 * <p><b>Section contract.</b> {@code build} returns one contiguous little-endian byte section (offsets are
 * longs, so it may exceed 2 GB) that depends only on the hash list; it starts with a 32-byte header (magic
 * "HMINDEX\0", strategy code, layout version, entry count, section length). Store it byte for byte (e.g.
 * {@code channel.write(section.asByteBuffer())} in chunks, or {@code MemorySegment.copy} into a mapped
 * file); the section is position-independent and needs no alignment. {@code open} validates the header and
 * the table extents in O(1)/O(chunks) time, copies nothing, and holds O(1) heap. Byte content beyond that
 * (e.g. a flipped bit inside a posting list) is the snapshot checksum's business; if a search nevertheless
 * reads an out-of-range offset, it throws {@link IllegalStateException}.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum IndexStrategy {
    /** Linear XOR/popcount scan of the whole list: no index (a 32-byte section), cost linear in the list size. */
    BRUTE_FORCE,
    /**
     * BK-tree (metric tree over Hamming distance), stored flat. Exact, but at PDQ's usual radii it visits most of
     * the tree; competitive only at very small radii.
     */
    BK_TREE,
    /**
     * Multi-index hashing: the 256 bits split into chunks, a direct-addressed table per chunk, probes of every
     * chunk value within a per-chunk radius (pigeonhole), each candidate verified on all 256 bits.
     */
    MULTI_INDEX;

    /**
     * Builds this strategy's index section for {@code hashes}.
     *
     * @param hashes {@code count * 32} bytes, four little-endian longs per hash; not retained
     * @param arena allocates the returned section (its size is {@code byteSize()} of the result)
     * @return the section, 64-byte aligned, owned by {@code arena}
     * @throws IllegalArgumentException if {@code hashes} is not a whole number of 32-byte hashes
     */
    public MemorySegment build(MemorySegment hashes, Arena arena) {
        return switch (this) {
            case BRUTE_FORCE -> BruteForceHamming.build(hashes, arena);
            case BK_TREE -> BkTreeHamming.build(hashes, arena);
            case MULTI_INDEX -> MultiIndexHamming.build(hashes, arena);
        };
    }

    /**
     * Opens a searcher over {@code hashes} using a section built by {@link #build} for the same hashes (e.g. a
     * slice of a memory-mapped snapshot). Copies nothing; both segments must stay alive while it is used.
     *
     * @throws IllegalArgumentException if {@code hashes} is not a whole number of 32-byte hashes
     * @throws IllegalStateException if the section is truncated, extended, of another strategy or version, built
     *     for another entry count, or its tables do not fit inside it
     */
    public HammingIndex open(MemorySegment hashes, MemorySegment section) {
        return switch (this) {
            case BRUTE_FORCE -> BruteForceHamming.open(hashes, section);
            case BK_TREE -> BkTreeHamming.open(hashes, section);
            case MULTI_INDEX -> MultiIndexHamming.open(hashes, section);
        };
    }
}
