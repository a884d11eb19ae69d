package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Build to a section, store it elsewhere, open it without building; damaged sections fail clearly. The per-section
 * checks run for every layout this build opens: each strategy's current one, and multi-index layouts 1 (offset tables,
 * no fold array) and 2 (offset tables and folds), which older snapshots hold.
 */
class SectionFormatTest {
    private static final int COUNT = 3000;
    private final Arena arena = Arena.ofConfined();
    private final long[] list = HashListFixture.hashList(COUNT, 99);
    private final MemorySegment hashes = HashListFixture.segment(list, arena);

    @AfterEach
    void close() {
        arena.close();
    }

    /** A section layout this build reads: a strategy and a layout version. */
    record Layout(IndexStrategy strategy, int version) {
        MemorySegment build(MemorySegment hashes, Arena arena) {
            if (strategy == IndexStrategy.MULTI_INDEX) {
                return SectionLayouts.multiIndex(hashes, arena, version);
            }
            return strategy.build(hashes, arena);
        }

        HammingIndex open(MemorySegment hashes, MemorySegment section) {
            return strategy.open(hashes, section);
        }
    }

    static Stream<Layout> layouts() {
        return Stream.of(
                new Layout(IndexStrategy.BRUTE_FORCE, BruteForceHamming.VERSION),
                new Layout(IndexStrategy.BK_TREE, BkTreeHamming.VERSION),
                new Layout(IndexStrategy.MULTI_INDEX, MultiIndexHamming.VERSION_START),
                new Layout(IndexStrategy.MULTI_INDEX, MultiIndexHamming.VERSION_OFFSET_TABLES),
                new Layout(IndexStrategy.MULTI_INDEX, MultiIndexHamming.VERSION_SLOTS),
                new Layout(IndexStrategy.MULTI_INDEX, MultiIndexHamming.VERSION_RESTS),
                new Layout(IndexStrategy.MULTI_INDEX, MultiIndexHamming.VERSION));
    }

    /** A copy at an odd offset inside a bigger buffer, as a slice of a file would be (no alignment). */
    private MemorySegment storedCopy(MemorySegment section) {
        MemorySegment file = arena.allocate(section.byteSize() + 13);
        MemorySegment.copy(section, 0, file, 5, section.byteSize());
        return file.asSlice(5, section.byteSize());
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void openingAStoredCopyGivesIdenticalResults(Layout layout) {
        MemorySegment built = layout.build(hashes, arena);
        HammingIndex fresh = layout.open(hashes, built);
        MemorySegment hashCopy = storedCopy(hashes);
        HammingIndex reopened = layout.open(hashCopy, storedCopy(built));
        long[] queries = HashListFixture.queries(list, 20, 5);
        for (int q = 0; q < 20; q++) {
            PdqHash query = HashListFixture.hash(queries, q);
            for (int r : new int[] {0, 8, 16, 31, 64}) {
                assertThat(reopened.search(query, r))
                        .isEqualTo(fresh.search(query, r))
                        .isEqualTo(ReferenceSearch.search(list, query, r));
            }
        }
        assertThat(built.get(LONG_LE, 0)).isEqualTo(SectionHeader.MAGIC);
        assertThat(built.get(LONG_LE, SectionHeader.LENGTH_OFFSET)).isEqualTo(built.byteSize());
        assertThat(built.get(INT_LE, SectionHeader.VERSION_OFFSET)).isEqualTo(layout.version());
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void truncatedOrExtendedSectionIsRejected(Layout layout) {
        MemorySegment built = layout.build(hashes, arena);
        assertThatThrownBy(() -> layout.open(hashes, built.asSlice(0, built.byteSize() - 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> layout.open(hashes, built.asSlice(0, 20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shorter than its 32-byte header");
        MemorySegment longer = arena.allocate(built.byteSize() + 8);
        MemorySegment.copy(built, 0, longer, 0, built.byteSize());
        assertThatThrownBy(() -> layout.open(hashes, longer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("extended");
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void mismatchedHeaderFieldsAreRejected(Layout layout) {
        IndexStrategy strategy = layout.strategy();
        MemorySegment built = layout.build(hashes, arena);
        assertThatThrownBy(() -> strategy.open(hashes.asSlice(0, 32L * (COUNT - 1)), built))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("built for 3000 entries");
        IndexStrategy other = strategy == IndexStrategy.BRUTE_FORCE ? IndexStrategy.BK_TREE : IndexStrategy.BRUTE_FORCE;
        assertThatThrownBy(() -> other.open(hashes, built))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not " + other);
        MemorySegment badVersion = storedCopy(built);
        badVersion.set(INT_LE, SectionHeader.VERSION_OFFSET, 99);
        assertThatThrownBy(() -> strategy.open(hashes, badVersion))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 99");
        MemorySegment badMagic = storedCopy(built);
        badMagic.set(LONG_LE, 0, 0x1234L);
        assertThatThrownBy(() -> strategy.open(hashes, badMagic))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad magic");
    }

    @Test
    void multiIndexFoldArrayIsChecked() {
        MemorySegment built = SectionLayouts.multiIndex(hashes, arena, MultiIndexHamming.VERSION_RESTS);
        int m = built.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
        long foldsAt = built.get(LONG_LE, MultiIndexHamming.foldsOffsetField(m, MultiIndexHamming.VERSION_RESTS));
        assertThat(foldsAt % 64).isZero();
        assertThat(foldsAt + (long) MultiIndexHamming.FOLD_BYTES * COUNT).isEqualTo(built.byteSize());
        for (int e : new int[] {0, 1, COUNT - 1}) { // the documented bytes: w0 ^ w2, then w1 ^ w3
            long at = foldsAt + (long) MultiIndexHamming.FOLD_BYTES * e;
            assertThat(built.get(LONG_LE, at)).isEqualTo(list[4 * e] ^ list[4 * e + 2]);
            assertThat(built.get(LONG_LE, at + 8)).isEqualTo(list[4 * e + 1] ^ list[4 * e + 3]);
        }
        MemorySegment badFolds = storedCopy(built);
        badFolds.set(LONG_LE, MultiIndexHamming.foldsOffsetField(m, MultiIndexHamming.VERSION_RESTS), foldsAt + 8);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, badFolds))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fold array at [" + (foldsAt + 8) + ", +" + 16L * COUNT + ") lies outside");
        MemorySegment tooNew = storedCopy(built);
        tooNew.set(INT_LE, SectionHeader.VERSION_OFFSET, MultiIndexHamming.VERSION + 1);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, tooNew))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("MULTI_INDEX index section version 7 is not supported (this reader: 1..6)");
    }

    @Test
    void searchReadsTheFoldBeforeTheHash() {
        MemorySegment built = storedCopy(SectionLayouts.multiIndex(hashes, arena, MultiIndexHamming.VERSION_RESTS));
        int m = built.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
        long foldsAt = built.get(LONG_LE, MultiIndexHamming.foldsOffsetField(m, MultiIndexHamming.VERSION_RESTS));
        PdqHash query = HashListFixture.hash(list, 7);
        assertThat(MultiIndexHamming.open(hashes, built).search(query, 0)).contains(new Hit(7, 0));
        long at = foldsAt + (long) MultiIndexHamming.FOLD_BYTES * 7; // entry 7's fold, now 128 bits from its own
        built.set(LONG_LE, at, ~built.get(LONG_LE, at));
        built.set(LONG_LE, at + 8, ~built.get(LONG_LE, at + 8));
        assertThat(MultiIndexHamming.open(hashes, built).search(query, 0)).doesNotContain(new Hit(7, 0));
    }

    /**
     * The documented slot bytes of layouts 3 to 5: for every chunk value of every chunk, the slot (and its overflow
     * postings) hold exactly the entries whose chunk value it is, by ascending entry number, each in layouts 4 and 5
     * with its tag (the first t bits of the next chunk) above its number, and in layout 5 an entry alone in its slot or
     * in an overflow posting with the rest of the next chunk beside it, all computed here from the hash list.
     */
    @ParameterizedTest
    @ValueSource(
            ints = {MultiIndexHamming.VERSION_SLOTS, MultiIndexHamming.VERSION_TAGGED, MultiIndexHamming.VERSION_RESTS})
    void multiIndexSlotsHoldTheEntriesOfTheirChunkValue(int version) {
        int[] widths = MultiIndexHamming.evenWidths(MultiIndexHamming.slotChunkCount(COUNT));
        MemorySegment built = MultiIndexHamming.build(hashes, arena, widths, version);
        int m = built.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
        int tagBits = built.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET + 4);
        // 3000 entries need 12 bits; the narrowest of 22 chunks has 11, so the tag is a whole chunk
        assertThat(tagBits).isEqualTo(version >= MultiIndexHamming.VERSION_TAGGED ? 11 : 0);
        boolean withRest = version == MultiIndexHamming.VERSION_RESTS;
        int postingBytes = withRest ? 8 : 4;
        int[] rest = new int[COUNT]; // layout 5: the int beside an entry alone in its slot or in a posting
        int[] seen = new int[4]; // slots holding 0, 1, 2, 3+ entries
        for (int i = 0; i < m; i++) {
            long d = MultiIndexHamming.DESCRIPTORS_OFFSET + (long) MultiIndexHamming.SLOT_DESCRIPTOR_BYTES * i;
            int start = built.get(INT_LE, d);
            int width = built.get(INT_LE, d + 4);
            long table = built.get(LONG_LE, d + 8);
            long postings = built.get(LONG_LE, d + 16);
            long postingsCount = built.get(LONG_LE, d + 24);
            List<List<Integer>> expected = new ArrayList<>();
            for (int v = 0; v < 1 << width; v++) {
                expected.add(new ArrayList<>());
            }
            long nextDescriptor = MultiIndexHamming.DESCRIPTORS_OFFSET
                    + (long) MultiIndexHamming.SLOT_DESCRIPTOR_BYTES * ((i + 1) % m);
            int tagStart = built.get(INT_LE, nextDescriptor);
            int nextWidth = built.get(INT_LE, nextDescriptor + 4);
            for (int e = 0; e < COUNT; e++) {
                int v = (int) MultiIndexHamming.chunkValue(
                        list[4 * e], list[4 * e + 1], list[4 * e + 2], list[4 * e + 3], start, width);
                int tag = (int) MultiIndexHamming.chunkValue(
                        list[4 * e], list[4 * e + 1], list[4 * e + 2], list[4 * e + 3], tagStart, tagBits);
                expected.get(v).add(e | tag << (31 - tagBits));
                rest[e] = Integer.MIN_VALUE
                        | (int) MultiIndexHamming.chunkValue(
                                list[4 * e],
                                list[4 * e + 1],
                                list[4 * e + 2],
                                list[4 * e + 3],
                                tagStart + tagBits,
                                nextWidth - tagBits);
            }
            int idMask = (1 << (31 - tagBits)) - 1;
            long overflow = 0;
            for (int v = 0; v < 1 << width; v++) {
                int lo = built.get(INT_LE, table + 8L * v);
                int hi = built.get(INT_LE, table + 8L * v + 4);
                List<Integer> got = new ArrayList<>();
                if (lo >= 0) {
                    got.add(lo);
                    if (hi >= 0) {
                        got.add(hi);
                    } else {
                        assertThat(hi).as("chunk %d value %d", i, v).isEqualTo(withRest ? rest[lo & idMask] : -1);
                    }
                } else if (lo <= -2) {
                    assertThat(hi).as("chunk %d value %d", i, v).isLessThanOrEqualTo(-3);
                    for (int p = -2 - lo; p < -2 - lo - hi; p++) {
                        int entry = built.get(INT_LE, postings + (long) postingBytes * p);
                        got.add(entry);
                        if (withRest) {
                            assertThat(built.get(INT_LE, postings + 8L * p + 4))
                                    .as("chunk %d posting %d", i, p)
                                    .isEqualTo(rest[entry & idMask]);
                        }
                    }
                    overflow -= hi;
                } else {
                    assertThat(hi).as("chunk %d value %d", i, v).isEqualTo(-1);
                }
                assertThat(got).as("chunk %d value %d", i, v).isEqualTo(expected.get(v));
                seen[Math.min(got.size(), 3)]++;
            }
            assertThat(overflow).as("chunk %d overflow postings", i).isEqualTo(postingsCount);
        }
        assertThat(seen).as("slots with 0, 1, 2, 3+ entries").doesNotContain(0);
    }

    @Test
    void multiIndexDescriptorsAndTablesAreChecked() {
        MemorySegment built = SectionLayouts.multiIndex(hashes, arena, MultiIndexHamming.VERSION_RESTS);
        MemorySegment badWidth = storedCopy(built);
        badWidth.set(INT_LE, MultiIndexHamming.DESCRIPTORS_OFFSET + 4, 40);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, badWidth))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 0 has startBit 0 and width 40");
        MemorySegment badTable = storedCopy(built);
        badTable.set(LONG_LE, MultiIndexHamming.DESCRIPTORS_OFFSET + 8, built.byteSize() - 16);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, badTable))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 0 slot table");
        MemorySegment badPostingCount = storedCopy(built);
        badPostingCount.set(LONG_LE, MultiIndexHamming.DESCRIPTORS_OFFSET + 24, COUNT + 1);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, badPostingCount))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 0 has 3001 overflow postings, expected 0..3000");
        MemorySegment tooManyTagBits = storedCopy(built); // 3000 entries need 12 of the 31 bits: 20 tag bits leave 11
        tooManyTagBits.set(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET + 4, 20);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, tooManyTagBits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("20 tag bits for 3000 entries");
        MemorySegment negativeTagBits = storedCopy(built);
        negativeTagBits.set(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET + 4, -1);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, negativeTagBits))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-1 tag bits");
        MemorySegment badCount = storedCopy(built);
        badCount.set(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET, 0);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, badCount))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk count 0");
        MemorySegment offsets = storedCopy(MultiIndexHamming.build(
                hashes,
                arena,
                MultiIndexHamming.evenWidths(MultiIndexHamming.slotChunkCount(COUNT)),
                MultiIndexHamming.VERSION_OFFSET_TABLES));
        offsets.set(LONG_LE, MultiIndexHamming.DESCRIPTORS_OFFSET + 8, offsets.byteSize() - 16);
        assertThatThrownBy(() -> MultiIndexHamming.open(hashes, offsets))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chunk 0 offset table");
    }

    @Test
    void corruptPostingIsReportedAtSearchAsIllegalState() {
        MemorySegment built = storedCopy(MultiIndexHamming.build(
                hashes,
                arena,
                MultiIndexHamming.evenWidths(MultiIndexHamming.slotChunkCount(COUNT)),
                MultiIndexHamming.VERSION_OFFSET_TABLES));
        long postings = built.get(LONG_LE, MultiIndexHamming.DESCRIPTORS_OFFSET + 16);
        for (long p = 0; p < COUNT; p++) {
            built.set(INT_LE, postings + 4 * p, Integer.MAX_VALUE);
        }
        HammingIndex index = MultiIndexHamming.open(hashes, built);
        assertThatThrownBy(() -> index.search(HashListFixture.hash(list, 0), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MULTI_INDEX index section is corrupt");
    }

    /**
     * Layout 6: a posting past the list whose tag is the query's (entry 0's, so its bucket is not empty), or a bucket
     * reaching past the postings (every offset but the first and the last past the list).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void corruptWideBucketIsReportedAtSearchAsIllegalState(boolean badOffsets) {
        MemorySegment built = storedCopy(
                MultiIndexHamming.build(hashes, arena, MultiIndexHamming.evenWidths(16), MultiIndexHamming.VERSION));
        for (int i = 0; i < 16; i++) {
            long d = MultiIndexHamming.DESCRIPTORS_OFFSET + (long) MultiIndexHamming.SLOT_DESCRIPTOR_BYTES * i;
            long table = built.get(LONG_LE, d + 8);
            long postings = built.get(LONG_LE, d + 16);
            long tags = built.get(LONG_LE, d + 24);
            if (badOffsets) {
                for (long v = 1; v < 1L << built.get(INT_LE, d + 4); v++) {
                    built.set(INT_LE, table + 4 * v, COUNT + 5);
                }
                continue;
            }
            int tag = (int) MultiIndexHamming.chunkValue(list[0], list[1], list[2], list[3], 16 * ((i + 1) % 16), 16)
                    | (int) MultiIndexHamming.chunkValue(list[0], list[1], list[2], list[3], 16 * ((i + 2) % 16), 16)
                            << 16;
            for (long p = 0; p < COUNT; p++) {
                built.set(INT_LE, postings + 4 * p, Integer.MAX_VALUE);
                built.set(INT_LE, tags + 4 * p, tag);
            }
        }
        HammingIndex index = MultiIndexHamming.open(hashes, built);
        assertThatThrownBy(() -> index.search(HashListFixture.hash(list, 0), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MULTI_INDEX index section is corrupt");
    }

    /**
     * Layouts 3 to 5: an inline entry past the list, or an overflow slot reaching past its chunk's postings. In layouts
     * 4 and 5 the entry's tag (0) and in layout 5 the rest of its next chunk (0) are the query's (the zero hash), so it
     * is not dropped before its fold is read.
     */
    @ParameterizedTest
    @ValueSource(
            ints = {MultiIndexHamming.VERSION_SLOTS, MultiIndexHamming.VERSION_TAGGED, MultiIndexHamming.VERSION_RESTS})
    void corruptSlotIsReportedAtSearchAsIllegalState(int version) {
        int[] widths = MultiIndexHamming.evenWidths(MultiIndexHamming.slotChunkCount(COUNT));
        boolean tagged = version >= MultiIndexHamming.VERSION_TAGGED;
        long pastTheList = tagged ? (1 << 20) - 1 : Integer.MAX_VALUE; // 11 tag bits
        PdqHash query = tagged ? PdqHash.of(0, 0, 0, 0) : HashListFixture.hash(list, 0);
        long alone = version == MultiIndexHamming.VERSION_RESTS ? 0x8000_0000_0000_0000L : 0xFFFF_FFFF_0000_0000L; // hi
        for (long slot : new long[] {pastTheList | alone, (-2L & 0xFFFF_FFFFL) | (-5000L << 32)}) {
            MemorySegment built = storedCopy(MultiIndexHamming.build(hashes, arena, widths, version));
            int m = built.get(INT_LE, MultiIndexHamming.CHUNK_COUNT_OFFSET);
            for (int i = 0; i < m; i++) {
                long d = MultiIndexHamming.DESCRIPTORS_OFFSET + (long) MultiIndexHamming.SLOT_DESCRIPTOR_BYTES * i;
                long table = built.get(LONG_LE, d + 8);
                for (long v = 0; v < 1L << built.get(INT_LE, d + 4); v++) {
                    built.set(LONG_LE, table + 8 * v, slot);
                }
            }
            HammingIndex index = MultiIndexHamming.open(hashes, built);
            assertThatThrownBy(() -> index.search(query, 0))
                    .as("slot %x", slot)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MULTI_INDEX index section is corrupt");
        }
    }

    @Test
    void corruptTreeLinksAreReportedAsIllegalStateNotALoop() {
        MemorySegment built = storedCopy(BkTreeHamming.build(hashes, arena));
        long node2 = BkTreeHamming.FIRST_NODE + 2 * BkTreeHamming.NODE_BYTES;
        built.set(INT_LE, node2 + 8, 1); // node 2's children start at node 1, before it: a cycle
        HammingIndex index = BkTreeHamming.open(hashes, built);
        assertThatThrownBy(() -> index.search(HashListFixture.hash(list, 0), 256, (e, d) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BK_TREE index section is corrupt");
        MemorySegment badSentinel = storedCopy(BkTreeHamming.build(hashes, arena));
        int nodes = badSentinel.get(INT_LE, BkTreeHamming.NODE_COUNT_OFFSET);
        badSentinel.set(INT_LE, BkTreeHamming.FIRST_NODE + (long) BkTreeHamming.NODE_BYTES * nodes + 12, 5);
        assertThatThrownBy(() -> BkTreeHamming.open(hashes, badSentinel))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inconsistent");
    }
}
