package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Write, then read: the same entries, for both writers, over random entries with odd characters. */
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
