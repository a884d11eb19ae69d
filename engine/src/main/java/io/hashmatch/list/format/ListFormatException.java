package io.hashmatch.list.format;

import org.jspecify.annotations.Nullable;

/**
 * A hash list that cannot be imported: names the file, the line (and column where known) and the reason.
 *
 * <p>{@link #getMessage()} is {@code file:line:column: reason} (column left out when unknown, line 0 when the
 * error concerns the file as a whole, e.g. an empty file). {@link #remedy()} says which import option would
 * have read the file, when one would: callers name it in their own terms (a command-line option, a query
 * parameter). Immutable once thrown.
 */
public final class ListFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;
    private final @Nullable Remedy remedy;

    /** An import option that reads a file this exception refused. */
    public enum Remedy {
        /** The file's hashes are of a kind it does not state (64 hex digits): state PDQ or SHA-256. */
        STATE_PDQ_OR_SHA256,
        /** The file holds a hash twice: the {@link ReadOptions.Duplicates#KEEP_FIRST} policy keeps the first. */
        KEEP_FIRST_DUPLICATES
    }

    /**
     * @param file the file (or stream) name as the caller gave it
     * @param line 1-based line, 0 when the whole file is concerned
     * @param column 1-based column, 0 when unknown
     * @param reason what is wrong, without the location
     */
    public ListFormatException(String file, int line, int column, String reason) {
        this(file, line, column, reason, null);
    }

    /**
     * @param file the file (or stream) name as the caller gave it
     * @param line 1-based line, 0 when the whole file is concerned
     * @param column 1-based column, 0 when unknown
     * @param reason what is wrong, without the location
     * @param remedy the import option that would read the file, or null
     */
    public ListFormatException(String file, int line, int column, String reason, @Nullable Remedy remedy) {
        super(file + ":" + line + (column > 0 ? ":" + column : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
        this.remedy = remedy;
    }

    /** The file (or stream) name as the caller gave it. */
    public String file() {
        return file;
    }

    /** 1-based line number, 0 when the error concerns the whole file. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when unknown. For JSON files it is Jackson's column (bytes for UTF-8 input). */
    public int column() {
        return column;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }

    /** The import option that would read the file, or null when none would. */
    public @Nullable Remedy remedy() {
        return remedy;
    }
}
