package io.hashmatch.list;

import io.hashmatch.list.format.ListFormatException;
import java.util.Objects;

/**
 * An import refused because an input list is invalid. Carries the {@link ListFormatException} that names the
 * file, line, column and reason; {@link #getMessage()} is its {@code file:line:column: reason}. When this is
 * thrown, no file was written or changed.
 *
 * <p>Immutable once thrown.
 */
public final class ListImportException extends Exception {
    private static final long serialVersionUID = 1L;

    ListImportException(ListFormatException cause) {
        super(cause.getMessage(), cause);
    }

    /** The problem in the input list: file, line, column, reason. */
    public ListFormatException listError() {
        return (ListFormatException) Objects.requireNonNull(getCause()); // set by the only constructor
    }

    /** The bad file, as the source named it. */
    public String file() {
        return listError().file();
    }

    /** 1-based line of the problem, 0 when the whole file is concerned. */
    public int line() {
        return listError().line();
    }

    /** What is wrong, without the location. */
    public String reason() {
        return listError().reason();
    }
}
