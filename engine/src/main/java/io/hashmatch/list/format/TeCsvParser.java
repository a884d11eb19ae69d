package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * ThreatExchange dataset CSV ({@code threatexchange dataset -P --csv}): a header starting
 * {@code signal_type,signal_str,collab,category,tags}, then one signal per row.
 *
 * <p>Columns: {@code signal_type} per {@link SignalTypes}; {@code signal_str} the hash; {@code collab} the
 * source list (unless the caller names it); {@code category} the opinion ({@code POSITIVE_CLASS},
 * {@code NEGATIVE_CLASS}, {@code INVESTIGATION_SEED}, empty: none), kept as it is; {@code tags} separated by
 * {@link TagSyntax} separators. hashmatch's writer adds three optional columns, recognised by name after
 * the first five: {@code external_id}, {@code date_added} (ISO-8601) and {@code entry}: consecutive rows
 * with the same non-empty {@code entry} are one record with several hashes, and must agree on every other
 * column. Other extra columns are ignored. Every row must have as many fields as the header.
 */
final class TeCsvParser implements EntryParser {
    static final List<String> COLUMNS = List.of("signal_type", "signal_str", "collab", "category", "tags");
    static final String EXTERNAL_ID = "external_id";
    static final String DATE_ADDED = "date_added";
    static final String ENTRY = "entry";

    private record Row(
            HashKind kind,
            String hash,
            String collab,
            @Nullable String category,
            List<String> tags,
            @Nullable String externalId,
            @Nullable Instant dateAdded,
            @Nullable String entry,
            int line,
            int column) {}

    private final CsvRecords records;
    private final ParseContext ctx;
    private int width = -1;
    private int externalIdColumn = -1;
    private int dateColumn = -1;
    private int entryColumn = -1;
    private @Nullable Row pending;

    TeCsvParser(CsvRecords records, ParseContext ctx) {
        this.records = records;
        this.ctx = ctx;
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        if (width < 0) {
            readHeader();
        }
        Row first = pending != null ? pending : nextRow();
        pending = null;
        if (first == null) {
            return null;
        }
        EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);
        hashes.put(first.kind, first.hash);
        if (first.entry != null) {
            Row row;
            while ((row = nextRow()) != null) {
                if (!first.entry.equals(row.entry)) {
                    pending = row;
                    break;
                }
                String disagreement = disagreement(first, row);
                if (disagreement != null) {
                    throw ctx.error(
                            row.line,
                            0,
                            "row of entry " + first.entry + " disagrees with line " + first.line + " on "
                                    + disagreement);
                }
                String earlier = hashes.putIfAbsent(row.kind, row.hash);
                if (earlier != null && !earlier.equals(row.hash)) {
                    throw ctx.error(
                            row.line,
                            row.column,
                            "entry " + first.entry + " has a second, different " + row.kind.label()
                                    + " hash (first on line " + first.line + ")");
                }
            }
        }
        return new ListEntry(
                hashes,
                first.externalId,
                first.category,
                first.tags,
                ctx.sourceList(first.collab),
                first.dateAdded,
                first.line);
    }

    private void readHeader() throws IOException, ListFormatException {
        CsvRecords.Record header = records.next();
        if (header == null) {
            throw ctx.error(0, 0, "empty file");
        }
        List<String> f = header.fields();
        if (f.size() < COLUMNS.size() || !f.subList(0, COLUMNS.size()).equals(COLUMNS)) {
            throw ctx.error(
                    header.line(),
                    0,
                    "not a ThreatExchange dataset header: expected it to start " + String.join(",", COLUMNS));
        }
        for (int i = COLUMNS.size(); i < f.size(); i++) {
            switch (f.get(i)) {
                case EXTERNAL_ID -> externalIdColumn = i;
                case DATE_ADDED -> dateColumn = i;
                case ENTRY -> entryColumn = i;
                default -> {
                    // other columns are not ours: ignored
                }
            }
        }
        width = f.size();
    }

    private @Nullable Row nextRow() throws IOException, ListFormatException {
        CsvRecords.Record r;
        while ((r = records.next()) != null) {
            List<String> f = r.fields();
            int line = r.line();
            if (f.size() != width) {
                throw ctx.error(line, 0, "row has " + f.size() + " columns, the header has " + width);
            }
            String type = f.get(0);
            HashKind kind = SignalTypes.kind(type);
            if (kind == null) {
                if (SignalTypes.isOtherSignal(type)) {
                    ctx.warn(line, "skipped signal type '" + type + "': not a file hash");
                    continue;
                }
                throw ctx.error(line, r.columns()[0], "unknown signal type '" + type + "'");
            }
            String hash = EntryParser.canonicalHash(ctx, kind, f.get(1), line, r.columns()[1]);
            List<String> tags = TagSyntax.split(f.get(4));
            for (String tag : tags) {
                String problem = TagSyntax.check(tag);
                if (problem != null) {
                    throw ctx.error(line, r.columns()[4], problem);
                }
            }
            Instant date = null;
            String dateText = optional(f, dateColumn);
            if (dateText != null) {
                date = DateSyntax.parse(dateText);
                if (date == null) {
                    throw ctx.error(
                            line, r.columns()[dateColumn], "date_added is not an ISO-8601 date-time: " + dateText);
                }
            }
            return new Row(
                    kind,
                    hash,
                    f.get(2),
                    emptyToNull(f.get(3)),
                    tags,
                    optional(f, externalIdColumn),
                    date,
                    optional(f, entryColumn),
                    line,
                    r.columns()[1]);
        }
        return null;
    }

    private static @Nullable String disagreement(Row a, Row b) {
        if (!a.collab.equals(b.collab)) {
            return "collab";
        }
        if (!Objects.equals(a.category, b.category)) {
            return "category";
        }
        if (!a.tags.equals(b.tags)) {
            return "tags";
        }
        if (!Objects.equals(a.externalId, b.externalId)) {
            return EXTERNAL_ID;
        }
        if (!Objects.equals(a.dateAdded, b.dateAdded)) {
            return DATE_ADDED;
        }
        return null;
    }

    private static @Nullable String optional(List<String> fields, int column) {
        return column < 0 ? null : emptyToNull(fields.get(column));
    }

    private static @Nullable String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
