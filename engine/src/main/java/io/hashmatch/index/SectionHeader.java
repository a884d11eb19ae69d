package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import java.lang.foreign.MemorySegment;

/**
 * The 32-byte header that starts every index section (all fields little-endian):
 *
 * <pre>
 * offset size field
 *      0    8 magic        ASCII "HMINDEX" followed by 0x00 (read as a LE long: {@link #MAGIC})
 *      8    4 strategy     1 = BRUTE_FORCE, 2 = MULTI_INDEX, 3 = BK_TREE
 *     12    4 version      layout version of that strategy's section (1; multi-index: 1 to 3)
 *     16    8 entryCount   number of hashes the section was built for
 *     24    8 sectionBytes total length of the section, this header included
 * </pre>
 *
 * <p>Strategy-specific fields start at byte 32. Opening checks all five fields against the hash list and
 * the slice, so a truncated, extended or mismatched section fails with an {@link IllegalStateException}
 * naming the field.
 */
final class SectionHeader {
    static final long MAGIC = 0x00_58_45_44_4E_49_4D_48L; // bytes 'H','M','I','N','D','E','X',0
    static final int BYTES = 32;
    static final long STRATEGY_OFFSET = 8;
    static final long VERSION_OFFSET = 12;
    static final long COUNT_OFFSET = 16;
    static final long LENGTH_OFFSET = 24;

    private SectionHeader() {}

    static int code(IndexStrategy strategy) {
        return switch (strategy) {
            case BRUTE_FORCE -> 1;
            case MULTI_INDEX -> 2;
            case BK_TREE -> 3;
        };
    }

    static void write(MemorySegment section, IndexStrategy strategy, int version, long count) {
        section.set(LONG_LE, 0, MAGIC);
        section.set(INT_LE, STRATEGY_OFFSET, code(strategy));
        section.set(INT_LE, VERSION_OFFSET, version);
        section.set(LONG_LE, COUNT_OFFSET, count);
        section.set(LONG_LE, LENGTH_OFFSET, section.byteSize());
    }

    /** Validates the header of {@code section} for {@code strategy}, {@code version} and {@code count} entries. */
    static void check(MemorySegment section, IndexStrategy strategy, int version, int count) {
        check(section, strategy, version, version, count);
    }

    /**
     * Validates the header of {@code section} for {@code strategy}, a layout version in {@code minVersion ..
     * maxVersion} and {@code count} entries; returns the section's layout version.
     */
    static int check(MemorySegment section, IndexStrategy strategy, int minVersion, int maxVersion, int count) {
        long size = section.byteSize();
        if (size < BYTES) {
            throw new IllegalStateException(strategy + " index section is " + size + " bytes, shorter than its " + BYTES
                    + "-byte header (truncated?)");
        }
        long magic = section.get(LONG_LE, 0);
        if (magic != MAGIC) {
            throw new IllegalStateException(strategy + " index section: bad magic 0x" + Long.toHexString(magic)
                    + ", expected 0x" + Long.toHexString(MAGIC) + " (not an index section)");
        }
        int code = section.get(INT_LE, STRATEGY_OFFSET);
        if (code != code(strategy)) {
            throw new IllegalStateException("index section is for strategy code " + code + ", not " + strategy
                    + " (code " + code(strategy) + ")");
        }
        int v = section.get(INT_LE, VERSION_OFFSET);
        if (v < minVersion || v > maxVersion) {
            throw new IllegalStateException(strategy + " index section version " + v
                    + " is not supported (this reader: "
                    + (minVersion == maxVersion ? String.valueOf(minVersion) : minVersion + ".." + maxVersion) + ")");
        }
        long n = section.get(LONG_LE, COUNT_OFFSET);
        if (n != count) {
            throw new IllegalStateException(
                    strategy + " index section was built for " + n + " entries but the hash list has " + count);
        }
        long length = section.get(LONG_LE, LENGTH_OFFSET);
        if (length != size) {
            throw new IllegalStateException(strategy + " index section header says " + length
                    + " bytes but the slice is " + size + (size < length ? " (truncated?)" : " (extended?)"));
        }
        return v;
    }

    /** Throws unless {@code [offset, offset + bytes)} lies inside the section. */
    static void checkRange(MemorySegment section, IndexStrategy strategy, String what, long offset, long bytes) {
        if (offset < BYTES || bytes < 0 || offset > section.byteSize() - bytes) {
            throw new IllegalStateException(strategy + " index section: " + what + " at [" + offset + ", +" + bytes
                    + ") lies outside the " + section.byteSize() + "-byte section");
        }
    }
}
