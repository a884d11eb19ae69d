package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** ThreatExchange-dataset CSV writer with hashmatch's three extra columns (see {@link ListWriter}). */
final class CsvWriter implements ListWriter {
    static final String HEADER = String.join(",", TeCsvParser.COLUMNS) + "," + TeCsvParser.EXTERNAL_ID + ","
            + TeCsvParser.DATE_ADDED + "," + TeCsvParser.ENTRY;

    private final Writer out;
    private long entry;
    private boolean closed;

    CsvWriter(OutputStream stream) throws IOException {
        out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out.write(HEADER);
        out.write('\n');
    }

    @Override
    public void write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        entry++;
        for (Map.Entry<HashKind, String> h : e.hashes().entrySet()) {
            field(SignalTypes.name(h.getKey()));
            out.write(',');
            field(h.getValue());
            out.write(',');
            field(e.sourceList());
            out.write(',');
            field(e.category());
            out.write(',');
            field(String.join(" ", e.tags()));
            out.write(',');
            field(e.externalId());
            out.write(',');
            field(e.dateAdded() == null ? null : e.dateAdded().toString());
            out.write(',');
            field(Long.toString(entry));
            out.write('\n');
        }
    }

    /** One field, quoted as RFC 4180 requires ({@link CsvField}). */
    private void field(@Nullable String value) throws IOException {
        out.write(CsvField.escape(value));
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
    }
}
