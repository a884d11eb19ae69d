package io.hashmatch.list.format;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads single {@code hashmatch hash} JSON Lines records ({@link ListFormat#HASH_JSONL}) one at a time, for callers
 * that answer each record on its own (matching a stream of records) rather than import them as one list: no
 * duplicate check across records, and an error ends only the record it is in.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class HashRecords {
    private final ParseContext ctx;
    private final HashRecordParser parser;

    /** A reader of records of the stream named {@code name} (in errors and as the entries' source list). */
    public HashRecords(String name) {
        this.ctx = new ParseContext(name, name, ReadOptions.DEFAULTS.withFormat(ListFormat.HASH_JSONL));
        this.parser = new HashRecordParser(null, ctx);
    }

    /**
     * The record on line {@code line} ({@code text} without its line break) as an entry: its path as external id,
     * its whole-image hashes, quality and variants; null when the line is blank or the record holds no hash (a
     * file that could not be hashed, whose record carries an {@code error}).
     *
     * @throws ListFormatException if the line is not such a record (the reason, line and column)
     */
    public @Nullable ListEntry read(String text, int line) throws ListFormatException {
        if (text.isBlank()) {
            return null;
        }
        try {
            return parser.record(text, line);
        } catch (IOException e) {
            // the text is in memory: Jackson's IOExceptions here are parse errors it did not type
            throw ctx.error(line, 0, "invalid JSON: " + e.getMessage());
        }
    }
}
