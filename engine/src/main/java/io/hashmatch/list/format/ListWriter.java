package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes entries as a list file, one entry at a time (constant memory): VICS 2.0 JSON, CSV, the JSON Lines of
 * {@code hashmatch hash} ({@link ListFormat#HASH_JSONL}: the only one that keeps variants, with the external id as
 * {@code path}; categories, tags, source list and dates are not written), INTERPOL ICSE CSV, NCMEC hash-list XML,
 * checksum-tool lines and hex lists with a one-word header. {@code hashlists/FORMATS.md} gives each layout; reading a
 * written file back gives the same entries up to what the format holds (stated there per format).
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
 * {@code AlternativeHashes} for PDQ and SHA-256, {@code MediaSize} and {@code MediaFiles} when the entry has them
 * ({@link ListEntry#mediaSize()}, {@link ListEntry#mediaFiles()}). The source list and line are not written.
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
public sealed interface ListWriter extends Closeable
        permits VicsMediaWriter, CsvWriter, HashRecordWriter, IcseCsvWriter, NcmecXmlWriter, HashLinesWriter {
    /**
     * A writer of {@code format} onto {@code out} (UTF-8, no byte-order mark), every hash kind the format holds;
     * the same as {@link #open(OutputStream, ListFormat, HashKind)} without a kind. The writer owns the stream.
     *
     * @throws IllegalArgumentException if hashmatch does not write {@code format} ({@link #writes}), or it is
     *     {@link ListFormat#HEX} (whose lines hold one stated kind)
     * @throws IOException if the header cannot be written
     */
    static ListWriter open(OutputStream out, ListFormat format) throws IOException {
        return open(out, format, null);
    }

    /**
     * A writer of {@code format} onto {@code out} (UTF-8, no byte-order mark). The writer owns the stream.
     *
     * @param kind the one hash kind to write, for the formats of one hash per line: {@link ListFormat#HEX} (required:
     *     it names the kind in the header line) and {@link ListFormat#CHECKSUMS} (optional: without it the lines hold
     *     every MD5, SHA-1 and SHA-256 of the entries); must be null for the other formats
     * @throws IllegalArgumentException if hashmatch does not write {@code format} ({@link #writes}), a hex list has no
     *     kind, the kind cannot be written in {@code format}, or a kind is given for a format of records
     * @throws IOException if the header cannot be written
     */
    static ListWriter open(OutputStream out, ListFormat format, @Nullable HashKind kind) throws IOException {
        if (kind != null && format != ListFormat.HEX && format != ListFormat.CHECKSUMS) {
            throw new IllegalArgumentException(
                    format.cliName() + " holds records of several hashes: no hash kind is chosen for it");
        }
        return switch (format) {
            case VICS_JSON -> new VicsWriter(out, VicsVersion.V2_0);
            case TE_CSV -> new CsvWriter(out);
            case HASH_JSONL -> new HashRecordWriter(out);
            case ICSE_CSV -> new IcseCsvWriter(out);
            case NCMEC_XML -> new NcmecXmlWriter(out, null);
            case CHECKSUMS -> HashLinesWriter.checksums(out, kind);
            case HEX -> HashLinesWriter.hex(out, kind);
            case TE_TEXT, VPDQ, NSRL ->
                throw new IllegalArgumentException("hashmatch does not write " + format.cliName() + " lists (formats: "
                        + WRITTEN.stream().map(ListFormat::cliName).collect(Collectors.joining(", ")) + ")");
        };
    }

    /**
     * A {@link ListFormat#NCMEC_XML} writer onto {@code out} whose entries without an NCMEC member of their own are
     * shared by member {@code memberId} (the {@code <member id>} element NCMEC's clients read). The writer owns the
     * stream.
     *
     * @throws IllegalArgumentException if {@code memberId} is not positive
     * @throws IOException if the header cannot be written
     */
    static ListWriter ncmec(OutputStream out, long memberId) throws IOException {
        return new NcmecXmlWriter(out, memberId);
    }

    /** The formats {@link #open} writes, in {@link ListFormat} order. */
    Set<ListFormat> WRITTEN = Collections.unmodifiableSet(EnumSet.of(
            ListFormat.TE_CSV,
            ListFormat.VICS_JSON,
            ListFormat.HEX,
            ListFormat.HASH_JSONL,
            ListFormat.ICSE_CSV,
            ListFormat.NCMEC_XML,
            ListFormat.CHECKSUMS));

    /** Whether {@link #open} writes {@code format}. */
    static boolean writes(ListFormat format) {
        return WRITTEN.contains(format);
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
     * Appends {@code entry}, as far as the format holds it (FORMATS.md). An entry with no hash the format can hold
     * (a PDQ-only entry in checksum lines, an entry without the chosen kind) is left out.
     *
     * @return whether the entry was written (false: left out)
     * @throws IOException if writing fails
     * @throws IllegalStateException if the writer is closed
     */
    boolean write(ListEntry entry) throws IOException;

    /** Completes the document, flushes and closes the stream. Idempotent. */
    @Override
    void close() throws IOException;
}
