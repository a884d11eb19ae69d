package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-entry sections: flags, category, source list (and their string tables). */
class EntrySectionsTest {
    @TempDir
    Path dir;

    static SnapshotWriter sample() {
        SnapshotWriter w = SnapshotWriter.create("merged", "1", Instant.parse("2026-11-29T00:00:00Z"));
        w.addPdq(w.addEntry("POSITIVE_CLASS", "vendor-a", false), PdqHash.ZERO);
        w.addMd5(w.addEntry(null, "vendor-b", false), "d41d8cd98f00b204e9800998ecf8427e");
        w.addPdq(w.addEntry("NEGATIVE_CLASS", "vendor-a", true), PdqHash.of(1, 2, 3, 4));
        w.addEntry();
        w.addPdq(w.addEntry("POSITIVE_CLASS", "ünïcode ☃", false), PdqHash.of(-1, -1, -1, -1));
        return w;
    }

    @Test
    void categorySourceAndSuppressionRoundTrip() throws Exception {
        Path file = dir.resolve("s.hmsnap");
        sample().write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            assertThat(s.categories()).containsExactly("POSITIVE_CLASS", "NEGATIVE_CLASS");
            assertThat(s.sourceLists()).containsExactly("vendor-a", "vendor-b", "ünïcode ☃");
            assertThat(List.of(0, 1, 2, 3, 4))
                    .map(s::category)
                    .containsExactly("POSITIVE_CLASS", null, "NEGATIVE_CLASS", null, "POSITIVE_CLASS");
            assertThat(List.of(0, 1, 2, 3, 4))
                    .map(s::sourceList)
                    .containsExactly("vendor-a", "vendor-b", "vendor-a", null, "ünïcode ☃");
            assertThat(List.of(0, 1, 2, 3, 4)).map(s::isSuppression).containsExactly(false, false, true, false, false);
            assertThatThrownBy(() -> s.category(5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> s.isSuppression(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void perEntrySectionOfTheWrongLengthIsRefusedOnOpen() throws Exception {
        for (String section :
                List.of(HashListSnapshot.ENTRY_FLAGS, HashListSnapshot.ENTRY_CATEGORY, HashListSnapshot.ENTRY_SOURCE)) {
            Path file = rewritten(section, seg -> seg.asSlice(0, seg.byteSize() - 1));
            assertThatThrownBy(() -> HashListSnapshot.open(file))
                    .as(section)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageContaining("per-entry sections disagree with the entry count 5");
        }
    }

    @Test
    void stringTableRunningPastItsSectionIsRefusedOnOpen() throws Exception {
        Path file = rewritten(HashListSnapshot.CATEGORIES, seg -> {
            MemorySegment copy = MemorySegment.ofArray(seg.toArray(ValueLayout.JAVA_BYTE));
            copy.set(
                    ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                    4,
                    1000); // first string's length
            return copy;
        });
        assertThatThrownBy(() -> HashListSnapshot.open(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("section categories: string 0 of 1000 bytes runs past the section");
        Path extra = rewritten(HashListSnapshot.SOURCES, seg -> {
            byte[] b = java.util.Arrays.copyOf(seg.toArray(ValueLayout.JAVA_BYTE), (int) seg.byteSize() + 3);
            return MemorySegment.ofArray(b);
        });
        assertThatThrownBy(() -> HashListSnapshot.open(extra))
                .hasMessageContaining("section sources: 3 bytes after the last string");
    }

    @Test
    void codeOutsideTheTableIsAnErrorNotAWrongAnswer() throws Exception {
        Path file = rewritten(HashListSnapshot.ENTRY_CATEGORY, seg -> {
            MemorySegment copy = MemorySegment.ofArray(seg.toArray(ValueLayout.JAVA_BYTE));
            copy.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, 7);
            return copy;
        });
        try (HashListSnapshot s = HashListSnapshot.open(file)) { // consistent checksums: a writer bug, not damage
            assertThatThrownBy(() -> s.category(0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("section entries.category gives entry 0 code 7 outside its table of 2");
        }
    }

    /** The sample with one section replaced, written with valid checksums (so only the structure check can object). */
    private Path rewritten(String name, UnaryOperator<MemorySegment> change) throws Exception {
        Path good = dir.resolve("good.hmsnap");
        sample().write(good);
        Path bad = dir.resolve("bad-" + name + ".hmsnap");
        try (FramedFile f = FramedFile.open(good, 1, HashListSnapshot.VERSION_CURRENT)) {
            List<FramedFile.Section> sections = new ArrayList<>();
            for (String s : List.of(
                    HashListSnapshot.PDQ_HASHES,
                    HashListSnapshot.PDQ_ENTRIES,
                    HashListSnapshot.MD5,
                    HashListSnapshot.SHA1,
                    HashListSnapshot.SHA256,
                    HashListSnapshot.ENTRY_FLAGS,
                    HashListSnapshot.ENTRY_CATEGORY,
                    HashListSnapshot.CATEGORIES,
                    HashListSnapshot.ENTRY_SOURCE,
                    HashListSnapshot.SOURCES,
                    "index.brute_force",
                    "index.bk_tree",
                    "index.multi_index")) {
                MemorySegment data = MemorySegment.ofArray(f.section(s).toArray(ValueLayout.JAVA_BYTE));
                sections.add(new FramedFile.Section(s, s.equals(name) ? change.apply(data) : data, 0));
            }
            FramedFile.Header h = f.header();
            FramedFile.write(
                    bad, h.version(), h.createdMillis(), h.entryCount(), h.listName(), h.listVersion(), sections);
        }
        return bad;
    }
}
