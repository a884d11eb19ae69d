package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Index sections in another layout than {@link IndexStrategy#build} writes (an older snapshot's, or layout 6, built on
 * request only), so that a benchmark can time it against today's in the same run. Public only so the JMH module can use it through engine's
 * test-jar.
 */
public final class SectionLayouts {
    /** The multi-index layout version {@link IndexStrategy#build} writes (slot tables and the fold array). */
    public static final int MULTI_INDEX_CURRENT = MultiIndexHamming.VERSION;

    private SectionLayouts() {}

    /**
     * A multi-index section of layout {@code version} (1: offset tables without the fold array, as in snapshot
     * versions 1 to 3; 2: offset tables and folds, as in version 4; 3: slot tables, as in version 5; 4: tagged slot
     * tables, as in version 6; 5: what {@link IndexStrategy#build} writes) with
     * the default chunk geometry; 6: wide buckets with tags of the next two chunks, sixteen 16-bit chunks.
     *
     * @throws IllegalArgumentException if {@code version} is not a layout this build writes
     */
    public static MemorySegment multiIndex(MemorySegment hashes, Arena arena, int version) {
        int[] widths = version == MultiIndexHamming.VERSION_WIDE
                ? MultiIndexHamming.evenWidths(PdqHash.BITS / MultiIndexHamming.WIDE_TAG_BITS)
                : MultiIndexHamming.evenWidths(MultiIndexHamming.defaultChunkCount(FlatHashes.count(hashes)));
        return MultiIndexHamming.build(hashes, arena, widths, version);
    }
}
