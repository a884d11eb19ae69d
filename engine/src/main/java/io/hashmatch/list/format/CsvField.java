package io.hashmatch.list.format;

import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 field quoting, shared by every CSV hashmatch writes (list exports, {@code hashmatch hash --format csv}).
 *
 * <p>Stateless; thread-safe.
 */
public final class CsvField {
    private CsvField() {}

    /**
     * {@code value} as one CSV field: as is, or in double quotes (quotes doubled) when it holds a comma, a quote
     * or a line break; null is an empty field. Returns {@code value} itself when no quoting is needed.
     */
    public static String escape(@Nullable String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }
}
