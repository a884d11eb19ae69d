package io.hashmatch.service.cli.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Writes {@link HashRecord}s in one output format, one record per line. Calls come in the order
 * {@link #begin()}, {@link #write(HashRecord)} any number of times, {@link #end()}.
 *
 * <p>Not thread-safe: one thread writes.
 */
public interface HashRecordWriter {
    /** Writes what precedes the first record (a CSV header, nothing for JSON Lines). */
    void begin() throws IOException;

    /** Writes one record as one line. */
    void write(HashRecord record) throws IOException;

    /** Flushes; does not close the underlying stream (it is usually stdout). */
    void end() throws IOException;

    /** How many records a writer writes between two {@link #checkError(Writer)} calls. */
    int CHECK_ERROR_EVERY = 1024;

    /**
     * Throws if {@code out} is a {@link PrintWriter} that has swallowed a write error (closed pipe, full
     * disk). Flushes {@code out}, so writers call it only every {@link #CHECK_ERROR_EVERY} records and at
     * the end.
     */
    static void checkError(Writer out) throws IOException {
        if (out instanceof PrintWriter printWriter && printWriter.checkError()) {
            throw new IOException("cannot write the records: output closed or failing");
        }
    }
}
