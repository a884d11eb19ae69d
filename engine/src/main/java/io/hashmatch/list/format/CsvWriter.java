package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ThreatExchange-dataset CSV writer with hashmatch's three extra columns (see {@link ListWriter}), through
 * FastCSV ({@link CsvField#writer}).
 */
final class CsvWriter implements ListWriter {
    static final List<String> HEADER = header();

    private final de.siegmar.fastcsv.writer.CsvWriter out;
    private long entry;
    private boolean closed;

    CsvWriter(OutputStream stream) throws IOException {
        out = CsvField.writer(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16));
        try {
            out.writeRecord(HEADER);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<String> header() {
        List<String> h = new ArrayList<>(TeCsvParser.COLUMNS);
        h.add(TeCsvParser.EXTERNAL_ID);
        h.add(TeCsvParser.DATE_ADDED);
        h.add(TeCsvParser.ENTRY);
        return List.copyOf(h);
    }

    @Override
    public boolean write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        String tags = String.join(" ", e.tags());
        String date = e.dateAdded() == null ? null : e.dateAdded().toString();
        String number = Long.toString(entry++); // 0-based, as match results and the API number entries
        try {
            for (Map.Entry<HashKind, String> h : e.hashes().entrySet()) {
                out.writeRecord(
                        SignalTypes.name(h.getKey()),
                        h.getValue(),
                        e.sourceList(),
                        e.category(),
                        tags,
                        e.externalId(),
                        date,
                        number);
            }
        } catch (UncheckedIOException x) {
            throw x.getCause();
        }
        return true;
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
