package io.hashmatch.list.format;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 CSV as hashmatch writes it (list exports, scan reports, {@code hashmatch hash --format csv}): fields
 * quoted only when they must be, {@code \n} line ends.
 *
 * <p>Stateless; thread-safe.
 */
public final class CsvField {
    private CsvField() {}

    /**
     * A FastCSV writer of records over {@code out}: a field is written in double quotes (quotes doubled) when it holds
     * a comma, a quote or a line break, and so is a record's first field when it starts with {@code #} (so that a
     * reader that takes {@code #} for a comment does not drop the row); null is an empty field; records end with
     * {@code \n}. It buffers one record and hands it to {@code out} at the record's end, so {@code out} should be
     * buffered; closing it closes {@code out}. Its methods throw {@link java.io.UncheckedIOException} when
     * {@code out} fails.
     */
    public static CsvWriter writer(Writer out) {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
    }

    /**
     * {@code value} as one CSV field: as is, or in double quotes (quotes doubled) when it holds a comma, a quote
     * or a line break; null is an empty field. Returns {@code value} itself when no quoting is needed.
     */
    public static String escape(@Nullable String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }
}
