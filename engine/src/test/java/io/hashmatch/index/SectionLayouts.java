package io.hashmatch.index;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Index sections in any layout this build reads (an older snapshot's, or today's), so that a benchmark can time it against today's in the same run. Public only so the JMH module can use it through engine's
 * test-jar.
 */
public final class SectionLayouts {
    /** The multi-index layout version {@link IndexStrategy#build} writes (wide buckets with tags of two chunks). */
    public static final int MULTI_INDEX_CURRENT = MultiIndexHamming.VERSION;

    private SectionLayouts() {}

    /**
     * A multi-index section of layout {@code version} (1: offset tables without the fold array, as in snapshot
     * versions 1 to 3; 2: offset tables and folds, as in version 4; 3: slot tables, as in version 5; 4: tagged slot
     * tables, as in version 6; 5: rests beside lone entries and postings, as in version 7) with the chunk geometry
     * those snapshots were written with, or 6 (what {@link IndexStrategy#build} writes: wide buckets with tags of the
     * next two chunks) with today's.
     *
     * @throws IllegalArgumentException if {@code version} is not a layout this build writes
     */
    public static MemorySegment multiIndex(MemorySegment hashes, Arena arena, int version) {
        int count = FlatHashes.count(hashes);
        int[] widths = MultiIndexHamming.evenWidths(
                version == MultiIndexHamming.VERSION
                        ? MultiIndexHamming.defaultChunkCount(count)
                        : MultiIndexHamming.slotChunkCount(count));
        return MultiIndexHamming.build(hashes, arena, widths, version);
    }
}
