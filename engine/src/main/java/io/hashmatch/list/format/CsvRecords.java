package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 records of UTF-8 text: fields separated by {@code ','} (or a delimiter given), records by {@code \r\n}, {@code \n} or
 * {@code \r}; a field in double quotes may hold commas, line breaks (kept as they are) and {@code ""} for a quote.
 * Empty lines between records are skipped. A quote inside an unquoted field, text after a closing quote, an
 * unterminated quoted field and a U+FEFF (the caller has dropped a byte-order mark at the start) are errors at
 * their line and column. A record is capped at {@link TextInput#MAX_LINE} characters, so memory stays bounded on
 * hostile input.
 *
 * <p>Apache Commons CSV splits the records, in its lenient mode (text after a closing quote kept, a quoted field
 * may end at the end of the file): it reports neither the column of a field nor the place of a syntax error, and
 * takes a quote inside an unquoted field as data. So its input passes through a {@link Window} that keeps the
 * characters of the record being read: from them and the parsed values this class finds the line and column of
 * each field and rejects the malformed quoting the lenient parser let through. The window refuses to grow past
 * the record cap plus the parser's read-ahead, which bounds the parser's memory too. (FastCSV 3.4.0, which writes
 * the CSV, cannot serve here: besides the missing positions it drops a quoted field that holds a lone {@code \r}
 * when a {@code \n} follows its closing quote, {@code "a\r"\nb} reading as one record {@code [b]}.)
 */
final class CsvRecords {
    /** One record: its fields, the 1-based column where each starts, and the line it starts on. */
    @SuppressWarnings("AvoidCommonTypeNames") // nested: always named CsvRecords.Record outside this class
    record Record(List<String> fields, int[] columns, int line) {}

    private static CSVFormat format(char delimiter) {
        return CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrailingData(true)
                .setLenientEof(true)
                .get();
    }

    /** Characters the parser may have read past the record it returns (its buffer), plus one read of ours. */
    private static final int READ_AHEAD = 1 << 14;

    private final ParseContext ctx;
    private final char delimiter;
    private final Window window;
    private final Iterator<CSVRecord> records;
    private int[] columns = new int[8];

    CsvRecords(InputStream in, ParseContext ctx) throws IOException {
        this(in, ctx, Integer.MAX_VALUE, ',');
    }

    /** Records whose fields are separated by {@code delimiter} (INTERPOL's ICSE CSV uses {@code ';'}). */
    CsvRecords(InputStream in, ParseContext ctx, char delimiter) throws IOException {
        this(in, ctx, Integer.MAX_VALUE, delimiter);
    }

    /** With at most {@code maxRead} characters per read of the decoded text (tests use tiny ones). */
    CsvRecords(InputStream in, ParseContext ctx, int maxRead) throws IOException {
        this(in, ctx, maxRead, ',');
    }

    private CsvRecords(InputStream in, ParseContext ctx, int maxRead, char delimiter) throws IOException {
        this.ctx = ctx;
        this.delimiter = delimiter;
        this.window = new Window(TextInput.utf8(in), maxRead);
        this.records = CSVParser.builder()
                .setReader(window)
                .setFormat(format(delimiter))
                .get()
                .iterator();
    }

    /** The next record, or null at the end. */
    @Nullable
    Record next() throws IOException, ListFormatException {
        CSVRecord parsed;
        try {
            parsed = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            if (cause instanceof Window.Refused refused) {
                throw refused.error;
            }
            if (cause instanceof CharacterCodingException) {
                throw ctx.error(window.lineAtEnd(), 0, "not UTF-8 text (malformed bytes on or after this line)");
            }
            throw cause;
        }
        window.skipLineBreaks();
        if (parsed == null) {
            return null;
        }
        return locate(parsed);
    }

    /**
     * Walks the characters of {@code parsed} in the window: the column of each field, the errors of malformed
     * quoting and stray U+FEFF in reading order; afterwards the window starts at the record's line break.
     */
    private Record locate(CSVRecord parsed) throws ListFormatException {
        char[] b = window.buf;
        int end = window.end;
        int p = window.start;
        int line = window.line;
        int column = 1;
        int n = parsed.size();
        if (columns.length < n) {
            columns = new int[Math.max(n, columns.length * 2)];
        }
        String[] fields = new String[n];
        for (int i = 0; i < n; i++) {
            String value = parsed.get(i);
            fields[i] = value;
            columns[i] = column;
            if (p < end && b[p] == '"') {
                int openLine = line;
                int openColumn = column;
                int content = 0;
                p++;
                column++;
                boolean afterCr = false;
                while (true) {
                    if (p == end) {
                        throw ctx.error(openLine, openColumn, "unterminated quoted field");
                    }
                    char c = b[p];
                    if (c == '"') {
                        p++;
                        column++;
                        if (p == end || b[p] != '"') {
                            break; // the closing quote
                        }
                    } else if (c == '\uFEFF') {
                        throw bomError(line, column);
                    }
                    if (c == '\r' || (c == '\n' && !afterCr)) {
                        line++;
                        column = 1;
                    } else if (c != '\n') {
                        column++;
                    }
                    afterCr = c == '\r';
                    content++;
                    p++;
                }
                if (p < end && b[p] != delimiter && b[p] != '\n' && b[p] != '\r') {
                    if (b[p] == '\uFEFF') {
                        throw bomError(line, column);
                    }
                    throw ctx.error(line, column, "text after a closing quote: " + HashKind.describe(b[p]));
                }
                inStep(content == value.length());
            } else {
                int quote = value.indexOf('"');
                int bom = value.indexOf('\uFEFF');
                if (quote >= 0 && (bom < 0 || quote < bom)) {
                    throw ctx.error(line, column + quote, "quote inside an unquoted field (quote the whole field)");
                }
                if (bom >= 0) {
                    throw bomError(line, column + bom);
                }
                p += value.length();
                column += value.length();
            }
            if (i < n - 1) {
                inStep(p < end && b[p] == delimiter);
                p++;
                column++;
            }
        }
        inStep(p == end || b[p] == '\n' || b[p] == '\r');
        if (p - window.start > TextInput.MAX_LINE) {
            throw window.tooLong();
        }
        Record record = new Record(List.of(fields), Arrays.copyOf(columns, n), window.line);
        window.start = p;
        window.line = line;
        return record;
    }

    private ListFormatException bomError(int line, int column) {
        return ctx.error(line, column, "byte-order mark (U+FEFF) in the middle of the file");
    }

    /** The parser and the walk over its characters agree on where each field ends; anything else is a bug here. */
    private static void inStep(boolean agree) {
        if (!agree) {
            throw new IllegalStateException("CSV record walk out of step with the parser");
        }
    }

    /**
     * The decoded text as the parser reads it, keeping every character from the start of the record being read
     * (the line breaks before it dropped as soon as room is needed) and refusing, once that exceeds the record cap
     * plus {@link #READ_AHEAD}, to read on: the record being read is then over the cap.
     */
    private final class Window extends Reader {
        /** What {@link #read(char[], int, int)} throws to refuse; carries the error for {@link #next()}. */
        static final class Refused extends IOException {
            private static final long serialVersionUID = 1L;

            final ListFormatException error;

            Refused(ListFormatException error) {
                super(error.getMessage());
                this.error = error;
            }
        }

        private final Reader in;
        private final int maxRead;
        char[] buf = new char[READ_AHEAD * 2];
        /** Where the record being read (or the line break ending the last one) starts in {@link #buf}. */
        int start;

        int end;
        /** Line of {@link #start}. */
        int line = 1;

        private boolean afterCr;

        Window(Reader in, int maxRead) {
            this.in = in;
            this.maxRead = maxRead;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n;
            do {
                n = in.read(cbuf, off, Math.min(len, maxRead));
            } while (n == 0);
            if (n < 0) {
                return -1;
            }
            if (end + n > buf.length) {
                skipLineBreaks();
                if (end - start + n > TextInput.MAX_LINE + READ_AHEAD) {
                    throw new Refused(tooLong());
                }
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
                if (end + n > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(end + n, buf.length * 2));
                }
            }
            System.arraycopy(cbuf, off, buf, end, n);
            end += n;
            return n;
        }

        /** Drops the line breaks at {@link #start}: the end of the last record and the empty lines after it. */
        void skipLineBreaks() {
            while (start < end && (buf[start] == '\n' || buf[start] == '\r')) {
                if (buf[start] == '\r' || !afterCr) {
                    line++;
                }
                afterCr = buf[start] == '\r';
                start++;
            }
            if (start < end) {
                afterCr = false;
            }
        }

        ListFormatException tooLong() {
            return ctx.error(line, 0, "CSV record longer than " + TextInput.MAX_LINE + " characters");
        }

        /** Line of the last character read (after a line break: the next line). */
        int lineAtEnd() {
            int l = line;
            boolean cr = afterCr;
            for (int i = start; i < end; i++) {
                if (buf[i] == '\r' || (buf[i] == '\n' && !cr)) {
                    l++;
                }
                cr = buf[i] == '\r';
            }
            return l;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
