package io.hashmatch.service.cli;

/**
 * JSON string literals for every command that writes JSON ({@code hash}, {@code match}, {@code list info})
 * and for the HTTP API's hand-written answers.
 *
 * <p>Strings are escaped per RFC 8259: {@code "} and {@code \}, control characters (short escapes or
 * {@code \}{@code u00XX}), plus U+2028/U+2029 and unpaired surrogates as {@code \}{@code uXXXX}; other
 * characters are written as they are (the stream is UTF-8).
 *
 * <p>Stateless; thread-safe.
 */
public final class JsonStrings {
    private JsonStrings() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Appends {@code s} as a JSON string literal, quotes included. */
    public static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        appendUnicodeEscape(b, c);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        appendUnicodeEscape(b, c); // unpaired: a UTF-8 encoder would turn it into '?'
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder b, char c) {
        b.append("\\u")
                .append(HEX[c >> 12 & 0xF])
                .append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }
}
