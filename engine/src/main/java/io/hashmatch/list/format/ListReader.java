package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads one hash list as a stream of {@link ListEntry}s, in file order, whatever its {@link ListFormat}.
 *
 * <pre>{@code
 * try (ListReader r = ListReader.open(path, ReadOptions.DEFAULTS)) {
 *   for (ListEntry e; (e = r.next()) != null; ) {
 *     stage(e);          // keep, do not commit yet
 *   }
 * }                      // ended without an exception: now commit
 * }</pre>
 *
 * <p><b>Memory.</b> Constant in the size of the list (one line, CSV record or VICS Media record at a time),
 * except for the duplicate check, which keeps about 20 bytes per hash (see {@link ReadOptions.Duplicates}),
 * and at most {@value ParseContext#MAX_WARNINGS} warnings.
 *
 * <p><b>Errors.</b> The first problem ends the stream with a {@link ListFormatException} naming the file,
 * line, column where known, and reason; later calls to {@link #next()} throw {@link IllegalStateException}.
 * A stream that delivered entries and then failed has delivered part of a list: <b>the caller commits only
 * after {@link #next()} returned null</b> (or uses {@link ListImport}, which does the staging). A list with no
 * entry at all is an error ({@code empty file}, or {@code no entries} when only comments, blank lines or
 * skipped signals were found).
 *
 * <p>Not thread-safe: one thread reads one reader.
 */
public final class ListReader implements Closeable {
    private final InputStream in;
    private final ParseContext ctx;
    private final ListFormat format;
    private final EntryParser parser;
    private final EnumMap<HashKind, SeenHashes> seen = new EnumMap<>(HashKind.class);
    private long entries;
    private boolean failed;
    private boolean done;

    private ListReader(InputStream in, ParseContext ctx, ListFormat format, EntryParser parser) {
        this.in = in;
        this.ctx = ctx;
        this.format = format;
        this.parser = parser;
    }

    /**
     * Opens {@code file}; the default source list is its file name.
     *
     * @throws ListFormatException if the format is to be detected and cannot be, or the file is empty
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the options ask a hex list to hold PhotoDNA hashes
     */
    public static ListReader open(Path file, ReadOptions options) throws IOException, ListFormatException {
        Path name = file.getFileName();
        if (options.format() == null || options.format() == ListFormat.NSRL) {
            byte[] head;
            try (InputStream peek = Files.newInputStream(file)) {
                head = peek.readNBytes(NsrlParser.SQLITE_MAGIC.length);
            }
            if (NsrlParser.isSqlite(head)) {
                ParseContext ctx =
                        new ParseContext(file.toString(), name == null ? file.toString() : name.toString(), options);
                return new ListReader(
                        InputStream.nullInputStream(), ctx, ListFormat.NSRL, new NsrlParser.Rds3(file, ctx));
            }
        }
        InputStream in = Files.newInputStream(file);
        try {
            return open(in, file.toString(), name == null ? file.toString() : name.toString(), options);
        } catch (IOException | ListFormatException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads a list from {@code in} (e.g. standard input), named {@code name} in errors and as default source
     * list. The reader owns the stream: {@link #close()} closes it.
     *
     * @throws ListFormatException if the format is to be detected and cannot be, or the stream is empty
     * @throws IOException if the stream cannot be read
     * @throws IllegalArgumentException if the options ask a hex list to hold PhotoDNA hashes
     */
    public static ListReader open(InputStream in, String name, ReadOptions options)
            throws IOException, ListFormatException {
        return open(in, name, name, options);
    }

    private static ListReader open(InputStream raw, String name, String sourceName, ReadOptions options)
            throws IOException, ListFormatException {
        Objects.requireNonNull(options, "options");
        InputStream in = new BufferedInputStream(raw, FormatSniffer.PEEK_BYTES);
        ParseContext ctx = new ParseContext(name, sourceName, options);
        Bom.skip(in);
        ListFormat format = options.format();
        if (format == null) {
            format = FormatSniffer.detectAfterBom(in, name);
        } else {
            in.mark(1);
            if (in.read() < 0) {
                throw ctx.error(0, 0, "empty file");
            }
            in.reset();
        }
        if ((format == ListFormat.HEX || format == ListFormat.CHECKSUMS) && options.hashKind() == HashKind.PHOTODNA) {
            throw new IllegalArgumentException("a hex list cannot hold PhotoDNA hashes (base64)");
        }
        EntryParser parser =
                switch (format) {
                    case TE_TEXT -> new TeTextParser(new TextInput(in, ctx), ctx);
                    case HEX -> new HexListParser(new TextInput(in, ctx), ctx);
                    case HASH_JSONL -> new HashRecordParser(new TextInput(in, ctx), ctx);
                    case TE_CSV -> new TeCsvParser(new CsvRecords(in, ctx), ctx);
                    case VICS_JSON -> new VicsParser(in, ctx);
                    case ICSE_CSV -> new IcseCsvParser(new CsvRecords(in, ctx, ';'), ctx);
                    case NCMEC_XML -> new NcmecXmlParser(in, ctx);
                    case CHECKSUMS -> new ChecksumLinesParser(new TextInput(in, ctx), ctx);
                    case NSRL -> {
                        in.mark(NsrlParser.SQLITE_MAGIC.length);
                        byte[] head = in.readNBytes(NsrlParser.SQLITE_MAGIC.length);
                        in.reset();
                        if (NsrlParser.isSqlite(head)) {
                            throw ctx.error(0, 0, "an NSRL RDSv3 database is read from a file, not a stream");
                        }
                        yield new NsrlParser.Legacy(new CsvRecords(in, ctx), ctx);
                    }
                    case VPDQ ->
                        throw new IllegalArgumentException(ctx.file
                                + ": a vPDQ file is one video, not a list of entries; ListImporter imports it");
                };
        return new ListReader(in, ctx, format, parser);
    }

    /** The list's format, as given or detected. */
    public ListFormat format() {
        return format;
    }

    /** The file (or stream) name used in errors. */
    public String name() {
        return ctx.file;
    }

    /**
     * The next entry, or null when the list ended without error.
     *
     * @throws ListFormatException at the first problem in the list (see the class comment)
     * @throws IOException if reading fails
     * @throws IllegalStateException if an earlier call failed
     */
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        if (failed) {
            throw new IllegalStateException(ctx.file + ": an earlier read failed; the list is not usable");
        }
        if (done) {
            return null;
        }
        try {
            ListEntry entry;
            while ((entry = parser.next()) != null) {
                entry = checkDuplicates(entry);
                if (entry != null) {
                    entries++;
                    return entry;
                }
            }
            if (entries == 0) {
                throw ctx.error(0, 0, "no entries: only blank lines, comments or skipped signals");
            }
            done = true;
            return null;
        } catch (ListFormatException | IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private @Nullable ListEntry checkDuplicates(ListEntry entry) throws ListFormatException {
        @Nullable EnumSet<HashKind> drop = null; // made on the first duplicate only
        for (Map.Entry<HashKind, String> h : entry.hashes().entrySet()) {
            SeenHashes seenOfKind = seen.computeIfAbsent(h.getKey(), SeenHashes::new);
            int first = seenOfKind.add(h.getValue(), entry.line());
            if (first >= 0) {
                String what = "duplicate " + h.getKey().label() + " " + h.getValue() + ": first on line " + first;
                if (ctx.options.duplicates() == ReadOptions.Duplicates.REJECT) {
                    throw ctx.error(entry.line(), 0, what, ListFormatException.Remedy.KEEP_FIRST_DUPLICATES);
                }
                if (drop == null) {
                    drop = EnumSet.noneOf(HashKind.class);
                }
                drop.add(h.getKey());
                ctx.warn(entry.line(), what + "; dropped here");
            }
        }
        return drop == null ? entry : entry.without(drop);
    }

    /** Number of entries returned so far. */
    public long entryCount() {
        return entries;
    }

    /** The warnings so far (the first {@value ParseContext#MAX_WARNINGS}); unmodifiable view. */
    public List<ListWarning> warnings() {
        return ctx.warnings();
    }

    /** Number of warnings so far, including those beyond the ones kept. */
    long warningCount() {
        return ctx.warningCount();
    }

    /** Closes the underlying file, stream or database. Idempotent. */
    @Override
    public void close() throws IOException {
        in.close();
        if (parser instanceof NsrlParser.Rds3 db) {
            db.close();
        }
    }
}
