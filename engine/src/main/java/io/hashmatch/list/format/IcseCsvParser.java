package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * INTERPOL ICSE (International Child Sexual Exploitation database) hash export: RFC 4180 records separated by
 * {@code ;}, header first. Columns are found by name (any case, surrounding space ignored), in any order; the
 * header must name {@code MD5}, {@code SHA1} or {@code PhotoDNA}:
 *
 * <ul>
 *   <li>{@code MD5}, {@code SHA1}, {@code PhotoDNA}: the hashes (empty: absent; a row with none is an error);
 *   <li>{@code Image ID}: the external id;
 *   <li>{@code Is distributed}, {@code Victim identified}, {@code Offender identified}, {@code File Available},
 *       {@code Baseline}: flags ({@code y}/{@code yes}/{@code t}/{@code true}/{@code 1}, any case), each true one
 *       a tag: {@code icse-distributed}, {@code icse-victim-identified}, {@code icse-offender-identified},
 *       {@code icse-file-available}, {@code icse-baseline};
 *   <li>{@code Series name}: a tag {@code icse-series:<name>} (separators in the name become {@code _});
 *   <li>{@code Media Type}: a tag {@code icse-media:<type>};
 *   <li>hashmatch's columns ({@link IcseCsvWriter}): {@code SHA256}, {@code PDQ} the hashes, {@code Category} the
 *       category, {@code Tags} more tags (split per {@link TagSyntax}), {@code Date updated} the date (ISO-8601);
 *       other columns are ignored.
 * </ul>
 *
 * ICSE's own records carry no category: entries have none (the list is one of known material as a whole).
 */
final class IcseCsvParser implements EntryParser {
    static final List<String> HEADER = List.of(
            "MD5",
            "SHA1",
            "PhotoDNA",
            "Image ID",
            "Is distributed",
            "Victim identified",
            "Offender identified",
            "Series name",
            "Number of submissions",
            "File Available",
            "Media Type",
            "Baseline");

    static final Map<String, String> FLAG_TAGS = Map.of(
            "is distributed", "icse-distributed",
            "victim identified", "icse-victim-identified",
            "offender identified", "icse-offender-identified",
            "file available", "icse-file-available",
            "baseline", "icse-baseline");

    private final CsvRecords records;
    private final ParseContext ctx;
    private final Map<String, Integer> columns = new HashMap<>();
    private int width = -1;

    IcseCsvParser(CsvRecords records, ParseContext ctx) {
        this.records = records;
        this.ctx = ctx;
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        if (width < 0) {
            readHeader();
        }
        CsvRecords.Record r = records.next();
        if (r == null) {
            return null;
        }
        List<String> f = r.fields();
        if (f.size() != width) {
            throw ctx.error(r.line(), 0, "row has " + f.size() + " columns, the header has " + width);
        }
        EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);
        hash(r, hashes, "md5", HashKind.MD5);
        hash(r, hashes, "sha1", HashKind.SHA1);
        hash(r, hashes, "photodna", HashKind.PHOTODNA);
        hash(r, hashes, "sha256", HashKind.SHA256);
        hash(r, hashes, "pdq", HashKind.PDQ);
        if (hashes.isEmpty()) {
            throw ctx.error(r.line(), 0, "row has no hash (MD5, SHA1 or PhotoDNA)");
        }
        List<String> tags = new ArrayList<>();
        for (Map.Entry<String, String> flag : FLAG_TAGS.entrySet()) {
            String v = field(r, flag.getKey());
            if (v != null && isTrue(v)) {
                tags.add(flag.getValue());
            }
        }
        tags.sort(null); // Map.of has no order: sorted, so equal rows give equal entries
        String series = field(r, "series name");
        if (series != null) {
            tags.add(IcseCsvWriter.SERIES_TAG + tagSafe(series));
        }
        String media = field(r, "media type");
        if (media != null) {
            tags.add(IcseCsvWriter.MEDIA_TAG + tagSafe(media));
        }
        String more = field(r, "tags");
        if (more != null) {
            for (String tag : TagSyntax.split(more)) {
                String problem = TagSyntax.check(tag);
                if (problem != null) {
                    throw ctx.error(r.line(), at(r, "tags"), problem);
                }
                tags.add(tag);
            }
        }
        String dateText = field(r, "date updated");
        Instant date = dateText == null ? null : DateSyntax.parse(dateText);
        if (dateText != null && date == null) {
            throw ctx.error(r.line(), at(r, "date updated"), "Date updated is not an ISO-8601 date-time: " + dateText);
        }
        return new ListEntry(
                hashes, field(r, "image id"), field(r, "category"), tags, ctx.sourceList(null), date, r.line());
    }

    private void readHeader() throws IOException, ListFormatException {
        CsvRecords.Record header = records.next();
        if (header == null) {
            throw ctx.error(0, 0, "empty file");
        }
        List<String> f = header.fields();
        for (int i = 0; i < f.size(); i++) {
            columns.putIfAbsent(f.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        if (!columns.containsKey("md5") && !columns.containsKey("sha1") && !columns.containsKey("photodna")) {
            throw ctx.error(
                    header.line(),
                    0,
                    "not an ICSE header: expected ';'-separated columns naming MD5, SHA1 or PhotoDNA");
        }
        width = f.size();
    }

    private void hash(CsvRecords.Record r, EnumMap<HashKind, String> hashes, String column, HashKind kind)
            throws ListFormatException {
        String value = field(r, column);
        if (value != null) {
            hashes.put(kind, EntryParser.canonicalHash(ctx, kind, value, r.line(), at(r, column)));
        }
    }

    /** The 1-based column where {@code column}'s field starts in {@code r} (0 when the header has no such column). */
    private int at(CsvRecords.Record r, String column) {
        int i = columns.getOrDefault(column, -1);
        return i < 0 ? 0 : r.columns()[i];
    }

    /** The stripped value of a named column, or null when the column is absent or the field empty. */
    private @Nullable String field(CsvRecords.Record r, String column) {
        Integer i = columns.get(column);
        if (i == null) {
            return null;
        }
        String v = r.fields().get(i).strip();
        return v.isEmpty() ? null : v;
    }

    private static boolean isTrue(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "y", "yes", "t", "true", "1" -> true;
            default -> false;
        };
    }

    /** {@code s} with every tag separator and control character replaced by {@code _}. */
    static String tagSafe(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints()
                .forEach(cp -> b.appendCodePoint(TagSyntax.isSeparator(cp) || Character.isISOControl(cp) ? '_' : cp));
        return b.toString();
    }
}
