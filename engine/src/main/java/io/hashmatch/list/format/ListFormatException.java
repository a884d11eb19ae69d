package io.hashmatch.list.format;

/**
 * A hash list that cannot be imported: names the file, the line (and column where known) and the reason.
 *
 * <p>{@link #getMessage()} is {@code file:line:column: reason} (column left out when unknown, line 0 when the
 * error concerns the file as a whole, e.g. an empty file). Immutable once thrown.
 */
public final class ListFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param file the file (or stream) name as the caller gave it
     * @param line 1-based line, 0 when the whole file is concerned
     * @param column 1-based column, 0 when unknown
     * @param reason what is wrong, without the location
     */
    public ListFormatException(String file, int line, int column, String reason) {
        super(file + ":" + line + (column > 0 ? ":" + column : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
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
}
