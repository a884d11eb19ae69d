package io.hashmatch.list.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes entries as a list file, one entry at a time (constant memory): VICS 2.0 JSON, CSV, or the JSON Lines of
 * {@code hashmatch hash} ({@link ListFormat#HASH_JSONL}: the only one that keeps variants, with the external id as
 * {@code path}; categories, tags, source list and dates are not written).
 *
 * <pre>{@code
 * try (ListWriter w = ListWriter.open(Files.newOutputStream(path), ListFormat.VICS_JSON)) {
 *   for (ListEntry e : entries) {
 *     w.write(e);
 *   }
 * }
 * }</pre>
 *
 * <p>{@link ListFormat#VICS_JSON}: a 2.0 hash set ({@link VicsVersion#V2_0}; {@link #vics} writes 1.3 too),
 * {@code @odata.context} of the {@code Default} profile ending {@code $metadata#Media}, {@code value} an array of
 * Media records: {@code MediaID} (a JSON number when the external id is a canonical integer, else a string),
 * {@code Category} (an integer, per {@link VicsCategories}; a category that is not a VICS number also as a tag
 * {@value VicsCategories#TAG_PREFIX}{@code <category>}), {@code MD5} and {@code SHA1} in upper case,
 * {@code PhotoDNA}, {@code DateUpdated} (ISO-8601, UTC), {@code Tags} (comma-separated) and
 * {@code AlternativeHashes} for PDQ and SHA-256. The source list and line are not written.
 *
 * <p>{@link ListFormat#TE_CSV}: RFC 4180, {@code \n} line ends, header
 * {@code signal_type,signal_str,collab,category,tags,external_id,date_added,entry}; one row per hash, the
 * rows of one entry consecutive and sharing its 0-based number in {@code entry} (the snapshot's entry number); {@code collab} is the source
 * list; tags are space-separated. Reading either file back gives the same entries, up to line numbers (and,
 * for VICS, the source list, which the reader takes from the file name or options).
 *
 * <p>{@link #close()} completes the document and closes the stream; a file whose writer was not closed is
 * incomplete (truncated JSON is refused by the reader). Not thread-safe.
 */
public sealed interface ListWriter extends Closeable permits VicsMediaWriter, CsvWriter, HashRecordWriter {
    /**
     * A writer of {@code format} onto {@code out} (UTF-8, no byte-order mark). The writer owns the stream.
     *
     * @throws IllegalArgumentException if {@code format} is not {@link ListFormat#VICS_JSON}, {@link ListFormat#TE_CSV}
     *     or {@link ListFormat#HASH_JSONL}
     * @throws IOException if the header cannot be written
     */
    static ListWriter open(OutputStream out, ListFormat format) throws IOException {
        return switch (format) {
            case VICS_JSON -> new VicsWriter(out, VicsVersion.V2_0);
            case TE_CSV -> new CsvWriter(out);
            case HASH_JSONL -> new HashRecordWriter(out);
            case TE_TEXT, HEX, VPDQ, ICSE_CSV, NCMEC_XML, CHECKSUMS, NSRL ->
                throw new IllegalArgumentException("hashmatch writes lists as VICS JSON, CSV or hash JSON Lines only; "
                        + format.cliName() + " would lose the metadata");
        };
    }

    /**
     * A VICS writer of {@code version} onto {@code out} (UTF-8, no byte-order mark), which can also record where
     * each Media record was found. The writer owns the stream.
     *
     * @throws IOException if the header cannot be written
     */
    static VicsMediaWriter vics(OutputStream out, VicsVersion version) throws IOException {
        return new VicsWriter(out, version);
    }

    /**
     * Appends {@code entry}.
     *
     * @throws IOException if writing fails
     * @throws IllegalStateException if the writer is closed
     */
    void write(ListEntry entry) throws IOException;

    /** Completes the document, flushes and closes the stream. Idempotent. */
    @Override
    void close() throws IOException;
}
