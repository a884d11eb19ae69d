package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Write, then read: the same entries, for both writers, over random entries with odd characters. */
class RoundTripPropertyTest {
    /** Characters of ids, categories and source lists: separators, quotes, escapes, line breaks, other scripts. */
    private static final List<String> ODD = List.of(
            "a", "Z", "0", "7", "-", " ", ",", ";", "\"", "'", "\\", "\n", "\r", "\t", "#", "=", "{", "}", "[", "]",
            ":", "é", "中", "😀", "\u00a0", "/", "$");
    /** Tag characters: anything but the tag separators and control characters. */
    private static final List<String> TAG = List.of(
            "a", "Z", "0", "-", "_", "\"", "'", "\\", "#", "=", "{", "}", ":", "é", "中", "😀", "/", "$", "%", "<", ">");

    @Property(tries = 300)
    void vicsJson(@ForAll("entries") List<ListEntry> entries) throws Exception {
        byte[] file = write(entries, ListFormat.VICS_JSON);
        List<ListEntry> back = Lists.read(file, ReadOptions.DEFAULTS);
        // VICS has no source-list field: the reader names entries after the file ("t")
        assertThat(withoutLines(back))
                .isEqualTo(entries.stream().map(e -> e.withSourceList("t")).toList());
    }

    @Property(tries = 300)
    void csv(@ForAll("entries") List<ListEntry> entries) throws Exception {
        byte[] file = write(entries, ListFormat.TE_CSV);
        assertThat(withoutLines(Lists.read(file, ReadOptions.DEFAULTS))).isEqualTo(entries);
    }

    @Property(tries = 100)
    void csvLinesPointAtTheFirstRowOfEachEntry(@ForAll("entries") List<ListEntry> entries) throws Exception {
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

    @Provide
    Arbitrary<List<ListEntry>> entries() {
        // the readers reject a hash that occurs twice; edge cases (all-zero hashes) would, so drop such entries
        return entry().list().ofMinSize(1).ofMaxSize(8).map(RoundTripPropertyTest::withoutRepeatedHashes);
    }

    static List<ListEntry> withoutRepeatedHashes(List<ListEntry> entries) {
        Set<String> seen = new java.util.HashSet<>();
        List<ListEntry> kept = new ArrayList<>();
        for (ListEntry e : entries) {
            boolean fresh = e.hashes().entrySet().stream().noneMatch(h -> seen.contains(h.getKey() + h.getValue()));
            if (fresh) {
                e.hashes().forEach((k, v) -> seen.add(k + v));
                kept.add(e);
            }
        }
        return kept;
    }

    static Arbitrary<ListEntry> entry() {
        Arbitrary<Map<HashKind, String>> hashes =
                Arbitraries.subsetOf(HashKind.values()).ofMinSize(1).flatMap(RoundTripPropertyTest::hashesOf);
        Arbitrary<String> id = Arbitraries.oneOf(
                        text(ODD, 1, 12),
                        Arbitraries.longs().map(l -> Long.toString(l)),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4))
                .injectNull(0.2);
        Arbitrary<String> category = Arbitraries.oneOf(
                        Arbitraries.of("POSITIVE_CLASS", "NEGATIVE_CLASS", "INVESTIGATION_SEED", "0", "1", "4"),
                        text(ODD, 1, 10))
                .injectNull(0.2);
        Arbitrary<List<String>> tags = text(TAG, 1, 8).list().ofMaxSize(4);
        Arbitrary<String> source = text(ODD, 1, 12);
        Arbitrary<Instant> date = Arbitraries.longs()
                .between(0, 4_102_444_800_000_000L)
                .map(micros -> Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000))
                .injectNull(0.3);
        return Combinators.combine(hashes, id, category, tags, source, date)
                .as((h, i, c, t, s, d) -> new ListEntry(h, i, c, t, s, d, 0));
    }

    private static Arbitrary<Map<HashKind, String>> hashesOf(Set<HashKind> kinds) {
        List<Arbitrary<String>> values =
                kinds.stream().sorted().map(RoundTripPropertyTest::valueOf).toList();
        List<HashKind> order = kinds.stream().sorted().toList();
        return Combinators.combine(values).as(vs -> {
            EnumMap<HashKind, String> m = new EnumMap<>(HashKind.class);
            for (int i = 0; i < order.size(); i++) {
                m.put(order.get(i), vs.get(i));
            }
            return m;
        });
    }

    private static Arbitrary<String> valueOf(HashKind kind) {
        if (kind == HashKind.PHOTODNA) {
            return Arbitraries.bytes()
                    .array(byte[].class)
                    .ofMinSize(16)
                    .ofMaxSize(144)
                    .map(b -> Base64.getEncoder().encodeToString(b));
        }
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(kind.hexLength());
    }

    private static Arbitrary<String> text(List<String> alphabet, int min, int max) {
        return Arbitraries.of(alphabet).list().ofMinSize(min).ofMaxSize(max).map(l -> String.join("", l));
    }
}
