package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** One format's parser over one input: entries in file order, in constant memory. Not thread-safe. */
interface EntryParser {
    /** The next entry, or null at the end of the list. */
    @Nullable
    ListEntry next() throws IOException, ListFormatException;

    /**
     * The canonical form of {@code value} as a hash of {@code kind}, or an error at {@code line}; {@code column}
     * is where the value starts (0: unknown), and a bad character is reported at its own column.
     */
    static String canonicalHash(ParseContext ctx, HashKind kind, String value, int line, int column)
            throws ListFormatException {
        HashKind.Problem problem = kind.check(value);
        if (problem != null) {
            int at = column > 0 && problem.offset() >= 0 ? column + problem.offset() : column;
            throw ctx.error(line, at, problem.reason());
        }
        return kind.canonical(value);
    }

    /** Index of the first character that is not white space, or {@code s.length()}. */
    static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
