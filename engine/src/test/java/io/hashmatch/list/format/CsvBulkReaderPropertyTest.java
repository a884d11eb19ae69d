package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TeCsvBulkReader}, the bulk path of {@link ListImport#readInto}, against the general reader
 * ({@link ListReader}, the spec): over random ThreatExchange CSV files, mostly of the shape the bulk path takes but
 * with every kind of deviation mixed in (other signal types, upper-case hex, bad digits, short hashes, quotes, tabs,
 * non-ASCII, extra columns, blank lines, {@code \r} line ends, a BOM, duplicates, a missing last line end), and
 * with the read options varied, {@code readInto} gives the same entries and warnings, or the same error, as the
 * general reader; and a file without deviations is taken by the bulk path (so the comparison is not vacuous).
 */
@ExtendWith(Seeds.Report.class)
class CsvBulkReaderPropertyTest {
    private static final String HEADER = "signal_type,signal_str,collab,category,tags";
    private static final String[] COLLABS = {"Scale Collab", "", "a b", "x\"y", "é", "c\td", " "};
    private static final String[] CATEGORIES = {"POSITIVE_CLASS", "NEGATIVE_CLASS", "INVESTIGATION_SEED", "", " "};
    private static final String[] TAGS = {"", "scale synthetic", "a;b", "a a b", " ;x", "t,u", "\"q\"", "x;;y "};

    static Stream<Long> readIntoGivesWhatTheGeneralReaderGives() {
        return Seeds.of("CsvBulkReaderPropertyTest.readIntoGivesWhatTheGeneralReaderGives", 250);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void readIntoGivesWhatTheGeneralReaderGives(long seed) throws IOException {
        Gen g = new Gen(seed);
        int rows = g.intIn(0, 40);
        int deviationOdds = g.intIn(0, 12);
        SplittableRandom r = g.random();
        boolean deviate = deviationOdds > 0 && r.nextInt(3) > 0;
        String text = file(r, rows, deviate ? deviationOdds : 0);
        ReadOptions options = options(r, deviate);
        Path file = Files.createTempFile("bulk", ".csv");
        try {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            List<String> general = general(file, options);
            assertThat(viaReadInto(file, options)).as("%s", text).isEqualTo(general);
            if (!deviate && rows > 0) {
                assertThat(bulk(file, options))
                        .as("clean file taken by the bulk path: %s", text)
                        .isNotNull();
            }
        } finally {
            Files.delete(file);
        }
    }

    /** A file big enough to be read in two parts, groups first seen in the second part, and a repeat across parts. */
    @Test
    void twoPartsAsOne() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        int n = 60_000; // ~6 MB: above the two-part threshold
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String hash = randomHex(r);
            hashes.add(hash);
            String tags = i < n / 2 ? (i % 5 == 0 ? "early" : "") : (i % 7 == 0 ? "late one" : "");
            sb.append("pdq,")
                    .append(hash)
                    .append(",Collab ")
                    .append(i < n / 2 ? "A" : "B")
                    .append(',')
                    .append(CATEGORIES[i % 3])
                    .append(',')
                    .append(tags)
                    .append('\n');
        }
        Path file = Files.createTempFile("bulk", ".csv");
        try {
            Files.writeString(file, sb);
            PdqRows rows = bulk(file, ReadOptions.DEFAULTS);
            assertThat(rows).isNotNull();
            assertThat(rows.size()).isEqualTo(n);
            assertThat(viaReadInto(file, ReadOptions.DEFAULTS)).isEqualTo(general(file, ReadOptions.DEFAULTS));
            // groups in order of first appearance: the first row's group is 0, the second part's come last
            assertThat(rows.group(0)).isZero();
            assertThat(rows.sourceList(rows.group(n - 1))).isEqualTo("Collab B");
            assertThat(rows.group(n - 1)).isGreaterThanOrEqualTo(rows.group(n / 2 - 1));
            // a repeat of a first-part hash near the end: the bulk path gives up, the general reader names both lines
            Files.writeString(file, sb.append("pdq,").append(hashes.get(3)).append(",c,,\n"));
            assertThat(bulk(file, ReadOptions.DEFAULTS)).isNull();
            List<String> general = general(file, ReadOptions.DEFAULTS);
            assertThat(general.getLast()).contains("duplicate PDQ").contains("first on line 5");
            assertThat(viaReadInto(file, ReadOptions.DEFAULTS)).isEqualTo(general);
        } finally {
            Files.delete(file);
        }
    }

    /** A hash of all digits {@code f} (every word -1) and upper-case digits are hashes like any other. */
    @Test
    void extremeHashesAndUpperCase() throws IOException {
        String text = HEADER + "\r\npdq," + "f".repeat(64) + ",c,,\r\npdq," + "0".repeat(64) + ",c,,\r\npdq,"
                + "AB".repeat(32) + ",c,NEGATIVE_CLASS,x";
        Path file = Files.createTempFile("bulk", ".csv");
        try {
            Files.writeString(file, text);
            assertThat(bulk(file, ReadOptions.DEFAULTS)).isNotNull();
            assertThat(viaReadInto(file, ReadOptions.DEFAULTS))
                    .isEqualTo(general(file, ReadOptions.DEFAULTS))
                    .hasSize(3);
        } finally {
            Files.delete(file);
        }
    }

    private static String file(SplittableRandom r, int rows, int odds) {
        StringBuilder sb = new StringBuilder();
        if (odds > 0 && r.nextInt(odds * 4) == 0) {
            sb.append('\uFEFF');
        }
        sb.append(HEADER);
        if (odds > 0 && r.nextInt(odds * 4) == 0) {
            sb.append(",external_id");
        }
        String crlf = r.nextBoolean() ? "\r\n" : "\n";
        sb.append(crlf);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            boolean odd = odds > 0 && r.nextInt(odds) == 0;
            String type = odd ? pick(r, "PDQ", "md5", "url", "pdq ", "pdq") : "pdq";
            String hash = !used.isEmpty() && odd && r.nextInt(4) == 0 ? used.get(r.nextInt(used.size())) : randomHex(r);
            if (odd && r.nextInt(3) == 0 && hash.length() == 64) {
                hash = pick(
                        r,
                        hash.toUpperCase(),
                        hash.substring(1),
                        hash.substring(0, 63) + "g",
                        hash + "0",
                        "\"" + hash + "\"");
            }
            if (type.equals("md5") && hash.length() >= 32) {
                hash = hash.substring(0, 32);
            }
            used.add(hash);
            String collab = odd ? COLLABS[r.nextInt(COLLABS.length)] : COLLABS[r.nextInt(2)];
            String category = CATEGORIES[r.nextInt(odd ? CATEGORIES.length : 4)];
            String tags = TAGS[r.nextInt(odd ? TAGS.length : 5)];
            sb.append(type)
                    .append(',')
                    .append(hash)
                    .append(',')
                    .append(collab)
                    .append(',')
                    .append(category)
                    .append(',')
                    .append(tags);
            if (odd && r.nextInt(4) == 0) {
                sb.append(pick(r, ",extra", "\n", "\r", "\r\n\r\n"));
            }
            if (i < rows - 1 || r.nextBoolean()) {
                sb.append(crlf);
            }
        }
        return sb.toString();
    }

    private static ReadOptions options(SplittableRandom r, boolean deviate) {
        ReadOptions o = ReadOptions.DEFAULTS;
        if (r.nextInt(4) == 0) {
            o = o.withSourceList("given");
        }
        if (r.nextInt(3) == 0) {
            o = o.withDuplicates(ReadOptions.Duplicates.KEEP_FIRST);
        }
        if (r.nextInt(3) == 0) {
            o = o.withFormat(deviate && r.nextInt(3) == 0 ? ListFormat.TE_TEXT : ListFormat.TE_CSV);
        }
        return o;
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static String randomHex(SplittableRandom r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static PdqRows bulk(Path file, ReadOptions options) throws IOException {
        return TeCsvBulkReader.read(
                file, new ParseContext(file.toString(), file.getFileName().toString(), options));
    }

    /** Entries, then warnings, then the error if any: by {@link ListImport#readInto} (bulk path when it applies). */
    static List<String> viaReadInto(Path file, ReadOptions options) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            ListImport.Summary s =
                    ListImport.readInto(List.of(new ListImport.Source(file, options)), e -> out.add(e.toString()));
            s.warnings().forEach(w -> out.add(w.toString()));
        } catch (ListFormatException e) {
            out.add(e.getMessage());
        }
        return out;
    }

    /** The same by {@link ListReader} alone (the general reader). */
    static List<String> general(Path file, ReadOptions options) throws IOException {
        List<String> out = new ArrayList<>();
        try (ListReader reader = ListReader.open(file, options)) {
            for (ListEntry e; (e = reader.next()) != null; ) {
                out.add(e.toString());
            }
            reader.warnings().forEach(w -> out.add(w.toString()));
        } catch (ListFormatException e) {
            out.add(e.getMessage());
        }
        return out;
    }
}
