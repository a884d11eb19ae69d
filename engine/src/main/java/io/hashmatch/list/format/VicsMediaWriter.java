package io.hashmatch.list.format;

import java.io.IOException;
import java.util.List;

/**
 * A VICS writer that also records where each Media record was found ({@code MediaSize}, {@code MediaFiles}); from
 * {@link ListWriter#vics}. Not thread-safe.
 */
public sealed interface VicsMediaWriter extends ListWriter permits VicsWriter {
    /**
     * Appends {@code entry} as a Media record with {@code MediaSize} {@code size} (omitted when negative) and one
     * {@code MediaFiles} element per copy in {@code files}, in place of the entry's own ({@link ListEntry#withMedia}).
     *
     * @throws IOException if writing fails
     * @throws IllegalStateException if the writer is closed
     */
    void write(ListEntry entry, long size, List<VicsMediaFile> files) throws IOException;
}
