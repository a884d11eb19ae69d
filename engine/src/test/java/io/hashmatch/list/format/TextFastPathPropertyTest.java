package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.HashKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two readers against the character-at-a-time code they replaced, kept here as the oracle: the bulk fast path
 * {@link TextInput#readRun} in {@link TextInput#readLine()}, and {@link CsvRecords} (Apache Commons CSV plus the walk
 * that finds columns and malformed quoting) against the hand-written RFC 4180 reader it replaced: the same lines,
 * records, columns, and the same errors at the same line and column, over random text dense in separators,
 * quotes, line breaks, stray byte-order marks and non-ASCII characters, with reads of decoded characters from one
 * character up (so that every construct meets a buffer end).
 */
@ExtendWith(Seeds.Report.class)
class TextFastPathPropertyTest {
    private static final List<String> PIECES = List.of(
            "a",
            "b",
            "0",
            "f",
            ",",
            ",",
            "\"",
            "\"\"",
            "\n",
            "\r",
            "\r\n",
            " ",
            "é",
            "中",
            "😀",
            "\uFEFF",
            "pdq",
            "abcdef0123456789");

    /** 0..60 pieces joined. */
    private static String text(Gen g) {
        return g.join(PIECES, 0, 60);
    }

    static Stream<Long> csvRecordsAsCharacterByCharacter() {
        return Seeds.of("TextFastPathPropertyTest.csvRecordsAsCharacterByCharacter", 2000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void csvRecordsAsCharacterByCharacter(long seed) throws Exception {
        Gen g = new Gen(seed);
        String text = text(g);
        int buffer = g.intIn(1, 70);
        assertThat(outcome(text, buffer, true)).isEqualTo(outcome(text, buffer, false));
    }

    static Stream<Long> readLineAsCharacterByCharacter() {
        return Seeds.of("TextFastPathPropertyTest.readLineAsCharacterByCharacter", 2000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void readLineAsCharacterByCharacter(long seed) throws Exception {
        Gen g = new Gen(seed);
        String text = text(g);
        int buffer = g.intIn(1, 70);
        assertThat(lines(text, buffer, true)).isEqualTo(lines(text, buffer, false));
    }

    /** Every record (fields, columns, line) and the final error, as text, read by {@link CsvRecords} or the oracle. */
    private static List<String> outcome(String text, int buffer, boolean fast) throws Exception {
        ParseContext ctx = new ParseContext("t", "t", ReadOptions.DEFAULTS);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TextInput in = new TextInput(new ByteArrayInputStream(bytes), ctx, buffer);
        CsvRecords records = new CsvRecords(new ByteArrayInputStream(bytes), ctx, buffer);
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                CsvRecords.Record r = fast ? records.next() : oracleRecord(in, ctx);
                if (r == null) {
                    return out;
                }
                out.add(r.fields() + " " + java.util.Arrays.toString(r.columns()) + " " + r.line());
            }
        } catch (ListFormatException e) {
            out.add(e.getMessage());
            return out;
        }
    }

    private static List<String> lines(String text, int buffer, boolean fast) throws Exception {
        ParseContext ctx = new ParseContext("t", "t", ReadOptions.DEFAULTS);
        TextInput in = new TextInput(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ctx, buffer);
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                String line;
                if (fast) {
                    String l = in.readLine();
                    line = l == null ? null : l + " [" + in.lineStart() + "]";
                } else {
                    line = oracleLine(in, ctx);
                }
                if (line == null) {
                    return out;
                }
                out.add(line + " @" + in.line() + ":" + in.column());
            }
        } catch (ListFormatException e) {
            out.add(e.getMessage());
            return out;
        }
    }

    /** {@link TextInput#readLine()} before the fast path (the line-length cap left out: lines here are short). */
    private static @Nullable String oracleLine(TextInput in, ParseContext ctx) throws Exception {
        StringBuilder sb = new StringBuilder();
        int c = in.read();
        if (c < 0) {
            return null;
        }
        int start = in.line();
        while (c >= 0 && c != '\n' && c != '\r') {
            sb.append((char) c);
            c = in.read();
        }
        if (c == '\r') {
            in.dropLineFeed();
        }
        return sb.toString() + " [" + start + "]";
    }

    /** {@link CsvRecords#next()} as it was hand-written (the record-size cap left out: records here are short). */
    private static CsvRecords.@Nullable Record oracleRecord(TextInput in, ParseContext ctx) throws Exception {
        int c = in.read();
        while (c == '\n' || c == '\r') {
            if (c == '\r') {
                in.dropLineFeed();
            }
            c = in.read();
        }
        if (c < 0) {
            return null;
        }
        int line = in.line();
        List<String> fields = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            columns.add(in.column());
            field.setLength(0);
            if (c == '"') {
                int openLine = in.line();
                int openColumn = in.column();
                while (true) {
                    c = in.read();
                    if (c < 0) {
                        throw ctx.error(openLine, openColumn, "unterminated quoted field");
                    }
                    if (c == '"') {
                        c = in.read();
                        if (c != '"') {
                            break;
                        }
                    }
                    field.append((char) c);
                }
                if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                    throw ctx.error(
                            in.line(), in.column(), "text after a closing quote: " + HashKind.describe((char) c));
                }
            } else {
                while (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                    if (c == '"') {
                        throw ctx.error(
                                in.line(), in.column(), "quote inside an unquoted field (quote the whole field)");
                    }
                    field.append((char) c);
                    c = in.read();
                }
            }
            fields.add(field.toString());
            if (c == ',') {
                c = in.read();
                continue;
            }
            if (c == '\r') {
                in.dropLineFeed();
            }
            break;
        }
        return new CsvRecords.Record(
                List.copyOf(fields),
                columns.stream().mapToInt(Integer::intValue).toArray(),
                line);
    }
}
