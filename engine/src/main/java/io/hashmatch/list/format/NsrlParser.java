package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * NIST's National Software Reference Library (NSRL) Reference Data Set: files of known software, for known-good
 * filtering. Two forms:
 *
 * <ul>
 *   <li><b>RDSv3</b>, a SQLite database (read through sqlite-jdbc, read-only): table {@code FILE} with columns
 *       {@code sha256}, {@code sha1}, {@code md5}, {@code file_name} (and {@code crc32}, {@code file_size},
 *       {@code package_id}, not read). A file is listed once per package that ships it: the rows are grouped by
 *       SHA-256, each distinct content one entry, named (external id) after its first file name.
 *   <li><b>Legacy RDS 2.x</b> {@code NSRLFile.txt}: CSV with header
 *       {@code "SHA-1","MD5","CRC32","FileName","FileSize","ProductCode","OpSystemCode","SpecialCode"}, sorted by
 *       SHA-1; consecutive rows of one SHA-1 (one per product) are one entry.
 * </ul>
 *
 * Entries carry no category: being known-good is how the list is used ({@code scan --known-good}), not a property
 * of its entries.
 */
final class NsrlParser {
    /** The first bytes of every SQLite 3 database file. */
    static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final List<String> LEGACY_HEADER =
            List.of("SHA-1", "MD5", "CRC32", "FileName", "FileSize", "ProductCode", "OpSystemCode", "SpecialCode");

    private NsrlParser() {}

    /** Whether {@code head} starts with the SQLite magic. */
    static boolean isSqlite(byte[] head) {
        return head.length >= SQLITE_MAGIC.length
                && java.util.Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length);
    }

    /** The legacy {@code NSRLFile.txt}, as CSV records. */
    static final class Legacy implements EntryParser {
        private final CsvRecords records;
        private final ParseContext ctx;
        private boolean headerRead;
        private CsvRecords.@Nullable Record pending;

        Legacy(CsvRecords records, ParseContext ctx) {
            this.records = records;
            this.ctx = ctx;
        }

        @Override
        public @Nullable ListEntry next() throws IOException, ListFormatException {
            if (!headerRead) {
                CsvRecords.Record h = records.next();
                if (h == null) {
                    throw ctx.error(0, 0, "empty file");
                }
                if (h.fields().size() < 4 || !h.fields().subList(0, 4).equals(LEGACY_HEADER.subList(0, 4))) {
                    throw ctx.error(
                            h.line(),
                            0,
                            "not an NSRLFile.txt header: expected it to start \"SHA-1\",\"MD5\",\"CRC32\",\"FileName\"");
                }
                headerRead = true;
            }
            CsvRecords.Record first = pending != null ? pending : records.next();
            pending = null;
            if (first == null) {
                return null;
            }
            String sha1 = field(first, 0);
            CsvRecords.Record r;
            while ((r = records.next()) != null) {
                if (!field(r, 0).equalsIgnoreCase(sha1)) {
                    pending = r;
                    break;
                }
            }
            EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);
            hashes.put(
                    HashKind.SHA1,
                    EntryParser.canonicalHash(ctx, HashKind.SHA1, sha1, first.line(), first.columns()[0]));
            hashes.put(
                    HashKind.MD5,
                    EntryParser.canonicalHash(ctx, HashKind.MD5, field(first, 1), first.line(), first.columns()[1]));
            String name = field(first, 3);
            return new ListEntry(
                    hashes, name.isEmpty() ? null : name, null, List.of(), ctx.sourceList(null), null, first.line());
        }

        private String field(CsvRecords.Record r, int i) throws ListFormatException {
            if (r.fields().size() <= i) {
                throw ctx.error(r.line(), 0, "row has " + r.fields().size() + " columns, expected at least 4");
            }
            return r.fields().get(i).strip();
        }
    }

    /** An RDSv3 SQLite database, opened read-only. */
    static final class Rds3 implements EntryParser, AutoCloseable {
        private final Connection db;
        private final Statement statement;
        private final ResultSet rows;
        private final ParseContext ctx;
        private int row;

        Rds3(Path file, ParseContext ctx) throws ListFormatException {
            this.ctx = ctx;
            try {
                org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
                config.setReadOnly(true);
                db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
                statement = db.createStatement();
                statement.setFetchSize(4096);
                // one row per package that ships a file: one entry per distinct content
                rows = statement.executeQuery(
                        "SELECT sha256, min(sha1), min(md5), min(file_name) FROM FILE GROUP BY sha256 ORDER BY sha256");
            } catch (SQLException e) {
                throw ctx.error(
                        0,
                        0,
                        "not an NSRL RDSv3 database (table FILE with sha256, sha1, md5, file_name): " + e.getMessage());
            }
        }

        @Override
        public @Nullable ListEntry next() throws ListFormatException {
            try {
                if (!rows.next()) {
                    return null;
                }
                row++;
                EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);
                put(hashes, HashKind.SHA256, rows.getString(1));
                put(hashes, HashKind.SHA1, rows.getString(2));
                put(hashes, HashKind.MD5, rows.getString(3));
                if (hashes.isEmpty()) {
                    throw ctx.error(row, 0, "FILE row without a hash");
                }
                String name = rows.getString(4);
                return new ListEntry(
                        hashes,
                        name == null || name.isEmpty() ? null : name,
                        null,
                        List.of(),
                        ctx.sourceList(null),
                        null,
                        row);
            } catch (SQLException e) {
                throw ctx.error(row, 0, "reading the NSRL database failed: " + e.getMessage());
            }
        }

        private void put(EnumMap<HashKind, String> hashes, HashKind kind, @Nullable String value)
                throws ListFormatException {
            if (value != null && !value.isBlank()) {
                hashes.put(
                        kind, EntryParser.canonicalHash(ctx, kind, value.strip().toLowerCase(Locale.ROOT), row, 0));
            }
        }

        @Override
        public void close() {
            try {
                db.close();
            } catch (SQLException e) {
                // read-only: nothing to lose
            }
        }
    }
}
