package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 records over a {@link TextInput}: fields separated by {@code ','}, records by {@code \r\n},
 * {@code \n} or {@code \r}; a field in double quotes may hold commas, line breaks (kept as they are) and
 * {@code ""} for a quote. Empty lines between records are skipped. A quote inside an unquoted field, text
 * after a closing quote and an unterminated quoted field are errors. A record is capped at
 * {@link TextInput#MAX_LINE} characters.
 *
 * <p>Hand-written, unlike the CSV writers ({@link CsvField#writer}): FastCSV 3.4.0 gives neither the column of a
 * field nor the position of a syntax error, takes a quote inside an unquoted field and an unterminated quoted field
 * at the end of the file as data, and drops a quoted field that holds a lone {@code \r} when a {@code \n} follows
 * its closing quote ({@code "a\r"\nb} reads as one record {@code [b]}).
 */
final class CsvRecords {
    /** One record: its fields, the 1-based column where each starts, and the line it starts on. */
    @SuppressWarnings("AvoidCommonTypeNames") // nested: always named CsvRecords.Record outside this class
    record Record(List<String> fields, int[] columns, int line) {}

    private final TextInput in;
    private final ParseContext ctx;
    private final StringBuilder field = new StringBuilder();
    private int[] columns = new int[8];

    CsvRecords(TextInput in, ParseContext ctx) {
        this.in = in;
        this.ctx = ctx;
    }

    /** The next record, or null at the end. */
    @Nullable
    Record next() throws IOException, ListFormatException {
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
        List<String> fields = new ArrayList<>(columns.length);
        int count = 0;
        StringBuilder field = this.field;
        int size = 0;
        while (true) {
            if (count == columns.length) {
                columns = Arrays.copyOf(columns, count * 2);
            }
            columns[count++] = in.column();
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
                    size = checkSize(size, line);
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
                    size = checkSize(size, line);
                    size += in.readRun(field, true, TextInput.MAX_LINE - size);
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
        return new Record(List.copyOf(fields), Arrays.copyOf(columns, count), line);
    }

    private int checkSize(int size, int line) throws ListFormatException {
        if (size >= TextInput.MAX_LINE) {
            throw ctx.error(line, 0, "CSV record longer than " + TextInput.MAX_LINE + " characters");
        }
        return size + 1;
    }
}
