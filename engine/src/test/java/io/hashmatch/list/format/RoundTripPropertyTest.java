package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.HashKind;
import java.io.ByteArrayOutputStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write, then read: the same entries, for every writer, over random entries with odd characters; for the formats that
 * hold less than an entry, the same entries as far as the format holds them (the projection each test states).
 */
@ExtendWith(Seeds.Report.class)
class RoundTripPropertyTest {
    static Stream<Long> vicsJson() {
        return Seeds.of("RoundTripPropertyTest.vicsJson", 300);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void vicsJson(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        byte[] file = write(entries, ListFormat.VICS_JSON);
        List<ListEntry> back = Lists.read(file, ReadOptions.DEFAULTS);
        // VICS has no source-list field: the reader names entries after the file ("t")
        assertThat(withoutLines(back))
                .isEqualTo(entries.stream().map(e -> e.withSourceList("t")).toList());
    }

    static Stream<Long> csv() {
        return Seeds.of("RoundTripPropertyTest.csv", 300);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void csv(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        byte[] file = write(entries, ListFormat.TE_CSV);
        assertThat(withoutLines(Lists.read(file, ReadOptions.DEFAULTS))).isEqualTo(entries);
    }

    static Stream<Long> icseCsv() {
        return Seeds.of("RoundTripPropertyTest.icseCsv", 300);
    }

    /** ICSE CSV with hashmatch's columns keeps everything but the source list; fields are read stripped. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void icseCsv(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        byte[] file = write(entries, ListFormat.ICSE_CSV);
        assertThat(withoutLines(Lists.read(file, ReadOptions.DEFAULTS)))
                .isEqualTo(entries.stream()
                        .map(e -> new ListEntry(
                                e.hashes(),
                                stripped(e.externalId()),
                                stripped(e.category()),
                                e.tags(),
                                "t",
                                e.dateAdded(),
                                0))
                        .toList());
    }

    static Stream<Long> ncmecXml() {
        return Seeds.of("RoundTripPropertyTest.ncmecXml", 300);
    }

    /**
     * NCMEC XML keeps the hashes, id and category (read stripped, as every XML text), the date in whole seconds;
     * NCMEC entries have no tags.
     */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void ncmecXml(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        byte[] file = write(entries, ListFormat.NCMEC_XML);
        assertThat(withoutLines(Lists.read(file, ReadOptions.DEFAULTS)))
                .isEqualTo(entries.stream()
                        .map(e -> new ListEntry(
                                e.hashes(),
                                stripped(e.externalId()),
                                stripped(e.category()),
                                List.of(),
                                "t",
                                e.dateAdded() == null ? null : e.dateAdded().truncatedTo(ChronoUnit.SECONDS),
                                0))
                        .toList());
    }

    static Stream<Long> checksumLines() {
        return Seeds.of("RoundTripPropertyTest.checksumLines", 300);
    }

    /** Checksum lines: one entry per MD5, SHA-1 and SHA-256 hash, named by the external id ({@code -}: none). */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void checksumLines(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        byte[] file = write(entries, ListFormat.CHECKSUMS);
        List<ListEntry> expected = new ArrayList<>();
        for (ListEntry e : entries) {
            for (HashKind kind : List.of(HashKind.MD5, HashKind.SHA1, HashKind.SHA256)) {
                String hash = e.hash(kind);
                if (hash != null) {
                    String name = "-".equals(e.externalId()) ? null : e.externalId();
                    expected.add(new ListEntry(Map.of(kind, hash), name, null, List.of(), "t", null, 0));
                }
            }
        }
        if (expected.isEmpty()) {
            assertThat(file).isEmpty(); // no line: an empty file, which a reader refuses as any empty list
            return;
        }
        assertThat(withoutLines(Lists.read(file, ReadOptions.DEFAULTS))).isEqualTo(expected);
    }

    static Stream<Long> hexWithHeader() {
        return Seeds.of("RoundTripPropertyTest.hexWithHeader", 100);
    }

    /** A hex list of each kind: its header names the kind, so even 64-digit lists read back without stating it. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void hexWithHeader(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        for (HashKind kind : List.of(HashKind.MD5, HashKind.SHA1, HashKind.SHA256, HashKind.PDQ)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ListWriter w = ListWriter.open(out, ListFormat.HEX, kind)) {
                for (ListEntry e : entries) {
                    assertThat(w.write(e)).isEqualTo(e.hash(kind) != null);
                }
            }
            List<ListEntry> expected = entries.stream()
                    .filter(e -> e.hash(kind) != null)
                    .map(e -> ListEntry.of(kind, Objects.requireNonNull(e.hash(kind)), "t"))
                    .toList();
            if (expected.isEmpty()) {
                continue; // a header alone reads as a list without entries: refused, as any empty list
            }
            assertThat(withoutLines(Lists.read(out.toByteArray(), ReadOptions.DEFAULTS)))
                    .as(kind.label())
                    .isEqualTo(expected);
        }
    }

    /** {@code s} as a reader that strips fields gives it back: stripped, and null when nothing is left. */
    private static @Nullable String stripped(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static Stream<Long> csvLinesPointAtTheFirstRowOfEachEntry() {
        return Seeds.of("RoundTripPropertyTest.csvLinesPointAtTheFirstRowOfEachEntry", 100);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void csvLinesPointAtTheFirstRowOfEachEntry(long seed) throws Exception {
        List<ListEntry> entries = ListEntryGen.entries(new Gen(seed));
        byte[] file = write(entries, ListFormat.TE_CSV);
        List<Integer> expected = new ArrayList<>();
        int line = 2;
        for (ListEntry e : entries) {
            expected.add(line);
            // one row per hash; each row repeats the line breaks quoted inside its fields
            int breaks = lineBreaks(e.sourceList()) + lineBreaks(e.category()) + lineBreaks(e.externalId());
            line += e.hashes().size() * (1 + breaks);
        }
        assertThat(Lists.read(file, ReadOptions.DEFAULTS))
                .extracting(ListEntry::line)
                .isEqualTo(expected);
    }

    /** Line breaks in {@code s}: {@code \r\n}, {@code \n} and {@code \r} count one each. */
    private static int lineBreaks(@org.jspecify.annotations.Nullable String s) {
        return s == null ? 0 : s.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1).length - 1;
    }

    static byte[] write(List<ListEntry> entries, ListFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.open(out, format)) {
            for (ListEntry e : entries) {
                w.write(e);
            }
        }
        return out.toByteArray();
    }

    static List<ListEntry> withoutLines(List<ListEntry> entries) {
        return entries.stream().map(e -> e.withLine(0)).toList();
    }
}
