package io.hashmatch.list.format;

import de.siegmar.fastcsv.writer.LineDelimiter;
import io.hashmatch.hash.HashKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link ListFormat#ICSE_CSV} writer (see {@link ListWriter}), through FastCSV: {@code ;}-separated RFC 4180 records,
 * {@code \r\n} line ends, ICSE's twelve columns in ICSE's order, then hashmatch's five ({@code SHA256}, {@code PDQ},
 * {@code Category}, {@code Tags}, {@code Date updated}: ICSE has no place for them; readers that find columns by
 * name skip them). {@code MD5} and {@code SHA1} in upper case as ICSE exports them; the flag columns {@code Y} when
 * the entry has the flag's tag ({@code icse-distributed}...), else {@code N}; {@code Series name} and
 * {@code Media Type} from the first {@code icse-series:}/{@code icse-media:} tag; {@code Number of submissions}
 * empty; the other tags space-separated in {@code Tags}.
 */
final class IcseCsvWriter implements ListWriter {
    static final List<String> EXTRA = List.of("SHA256", "PDQ", "Category", "Tags", "Date updated");
    static final String SERIES_TAG = "icse-series:";
    static final String MEDIA_TAG = "icse-media:";

    private final de.siegmar.fastcsv.writer.CsvWriter out;
    private boolean closed;

    IcseCsvWriter(OutputStream stream) throws IOException {
        out = de.siegmar.fastcsv.writer.CsvWriter.builder()
                .fieldSeparator(';')
                .lineDelimiter(LineDelimiter.CRLF)
                .build(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16));
        List<String> header = new ArrayList<>(IcseCsvParser.HEADER);
        header.addAll(EXTRA);
        try {
            out.writeRecord(header);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        String series = null;
        String media = null;
        List<String> others = new ArrayList<>();
        for (String tag : e.tags()) {
            if (series == null && tag.startsWith(SERIES_TAG) && tag.length() > SERIES_TAG.length()) {
                series = tag.substring(SERIES_TAG.length());
            } else if (media == null && tag.startsWith(MEDIA_TAG) && tag.length() > MEDIA_TAG.length()) {
                media = tag.substring(MEDIA_TAG.length());
            } else if (!IcseCsvParser.FLAG_TAGS.containsValue(tag)) {
                others.add(tag);
            }
        }
        try {
            out.writeRecord(
                    upper(e.hash(HashKind.MD5)),
                    upper(e.hash(HashKind.SHA1)),
                    e.hash(HashKind.PHOTODNA),
                    e.externalId(),
                    flag(e, "is distributed"),
                    flag(e, "victim identified"),
                    flag(e, "offender identified"),
                    series,
                    null,
                    flag(e, "file available"),
                    media,
                    flag(e, "baseline"),
                    e.hash(HashKind.SHA256),
                    e.hash(HashKind.PDQ),
                    e.category(),
                    String.join(" ", others),
                    e.dateAdded() == null ? null : e.dateAdded().toString());
        } catch (UncheckedIOException x) {
            throw x.getCause();
        }
        return true;
    }

    private static String flag(ListEntry e, String column) {
        return e.tags().contains(Objects.requireNonNull(IcseCsvParser.FLAG_TAGS.get(column), column)) ? "Y" : "N";
    }

    private static @Nullable String upper(@Nullable String hex) {
        return hex == null ? null : hex.toUpperCase(Locale.ROOT);
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
