package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to read one list: its format (null: detect from content), the kind of hashes the file does not name
 * itself, the name to record as each entry's source list, and what to do with duplicates.
 *
 * <pre>{@code
 * ReadOptions o = ReadOptions.DEFAULTS.withFormat(ListFormat.HEX).withHashKind(HashKind.PDQ);
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 *
 * @param format the list's format, or null to detect it ({@link ListFormat#detect})
 * @param hashKind the kind of hashes whose kind the file does not state: for a {@link ListFormat#HEX} list,
 *     the kind of every line (required when lines are 64 digits: {@link HashKind#SHA256} or {@link HashKind#PDQ});
 *     for {@link ListFormat#TE_TEXT}, the kind of bare signals (lines without a signal type). Ignored by the
 *     other formats. Null: lengths decide, bare signals are errors.
 * @param sourceList the source-list name given to every entry, or null for the list's own name
 *     (ThreatExchange CSV {@code collab} column when filled) or else the file name
 * @param duplicates what to do when a hash (same kind and value) occurs twice in the list
 */
public record ReadOptions(
        @Nullable ListFormat format,
        @Nullable HashKind hashKind,
        @Nullable String sourceList,
        Duplicates duplicates) {

    /** Detect the format, no stated kind, source list from the file, reject duplicates. */
    public static final ReadOptions DEFAULTS = new ReadOptions(null, null, null, Duplicates.REJECT);

    /** What a reader does when a hash (same kind and canonical value) occurs a second time in one list. */
    public enum Duplicates {
        /** Fail with a {@link ListFormatException} naming both lines: a list with repeats is suspect (default). */
        REJECT,
        /**
         * Keep the first occurrence; drop the hash from the later record, and the record itself when it has no
         * hash left; add a {@link ListWarning} naming both lines.
         */
        KEEP_FIRST
    }

    /**
     * @throws IllegalArgumentException if {@code sourceList} is empty
     */
    public ReadOptions {
        Objects.requireNonNull(duplicates, "duplicates");
        if (sourceList != null && sourceList.isEmpty()) {
            throw new IllegalArgumentException("sourceList is empty (use null for the default)");
        }
    }

    /** These options with {@code format} (null: detect). */
    public ReadOptions withFormat(@Nullable ListFormat format) {
        return new ReadOptions(format, hashKind, sourceList, duplicates);
    }

    /** These options with {@code hashKind}. */
    public ReadOptions withHashKind(@Nullable HashKind hashKind) {
        return new ReadOptions(format, hashKind, sourceList, duplicates);
    }

    /** These options with {@code sourceList}. */
    public ReadOptions withSourceList(@Nullable String sourceList) {
        return new ReadOptions(format, hashKind, sourceList, duplicates);
    }

    /** These options with {@code duplicates}. */
    ReadOptions withDuplicates(Duplicates duplicates) {
        return new ReadOptions(format, hashKind, sourceList, duplicates);
    }
}
