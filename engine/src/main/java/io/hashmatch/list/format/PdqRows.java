package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run of consecutive list entries that each carry one PDQ hash and nothing but a category, a source list and
 * tags, stored by column instead of as one {@link ListEntry} per record: the hashes as four longs per row, and
 * per row the number of its <em>group</em>, the rows sharing the same category, source list and tags (a large
 * export has few distinct combinations). What {@link ListImport#readInto} hands to
 * {@link ListImport.Sink#acceptPdqRows} for a ThreatExchange CSV that its bulk reader could read (see
 * {@code TeCsvBulkReader}); row {@code i} is exactly the entry {@link #entry(int)} that the general reader would
 * have delivered for it.
 *
 * <p>Immutable once handed out; thread-safe for reading.
 */
public final class PdqRows {
    private final long[] words;
    private final int[] groupOf;
    private final int size;
    private final @Nullable String[] categories;
    private final String[] sourceLists;
    private final List<List<String>> tags;
    private final int firstLine;

    PdqRows(
            long[] words,
            int[] groupOf,
            int size,
            @Nullable String[] categories,
            String[] sourceLists,
            List<List<String>> tags,
            int firstLine) {
        this.words = words;
        this.groupOf = groupOf;
        this.size = size;
        this.categories = categories;
        this.sourceLists = sourceLists;
        this.tags = tags;
        this.firstLine = firstLine;
    }

    /** Number of rows (entries). */
    public int size() {
        return size;
    }

    /**
     * Copies the hashes of every row to {@code dst} from {@code dstOffset}: row {@code i}'s words
     * {@link PdqHash#w0()} to {@link PdqHash#w3()} at {@code dstOffset + 4 i} to {@code dstOffset + 4 i + 3}.
     *
     * @throws IndexOutOfBoundsException if {@code dst} has no room for {@code 4 * size()} longs there
     */
    public void copyHashes(long[] dst, int dstOffset) {
        System.arraycopy(words, 0, dst, dstOffset, 4 * size);
    }

    /** The PDQ hash of row {@code row}. */
    public PdqHash hash(int row) {
        return PdqHash.of(words[4 * row], words[4 * row + 1], words[4 * row + 2], words[4 * row + 3]);
    }

    /** The group of row {@code row}: {@code 0 .. groupCount() - 1}, numbered in order of first appearance. */
    public int group(int row) {
        return groupOf[check(row)];
    }

    /** Number of groups. */
    public int groupCount() {
        return sourceLists.length;
    }

    /** The category of the rows of group {@code group} ({@link ListEntry#category()}). */
    public @Nullable String category(int group) {
        return categories[group];
    }

    /** The source list of the rows of group {@code group} ({@link ListEntry#sourceList()}). */
    public String sourceList(int group) {
        return sourceLists[group];
    }

    /** The tags of the rows of group {@code group} ({@link ListEntry#tags()}), unmodifiable. */
    public List<String> tags(int group) {
        return tags.get(group);
    }

    /** The 1-based line of row {@code row} in its file. */
    public int line(int row) {
        return firstLine + check(row);
    }

    /** Row {@code row} as the entry the general reader gives for it. */
    public ListEntry entry(int row) {
        int g = group(row);
        return new ListEntry(
                Map.of(HashKind.PDQ, hash(row).toHex()),
                null,
                categories[g],
                tags.get(g),
                sourceLists[g],
                null,
                line(row));
    }

    private int check(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
        return row;
    }
}
