package io.hashmatch.list.format;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a tag may hold, and how the formats' tag fields are split into tags.
 *
 * <p>ThreatExchange separates tags with spaces, VICS {@code Tags} is one string that exporters fill with
 * comma- or semicolon-separated words. One rule serves both: whitespace (Unicode white space and space
 * separators), {@code ','} and {@code ';'} separate tags, so no tag contains them; control characters are
 * refused. Everything else (quotes, backslashes, {@code #}, any script, emoji) is a tag character.
 */
final class TagSyntax {
    private TagSyntax() {}

    static boolean isSeparator(int cp) {
        return cp < ASCII_SEPARATOR.length ? ASCII_SEPARATOR[cp] : isSeparatorRule(cp);
    }

    private static boolean isSeparatorRule(int cp) {
        return cp == ',' || cp == ';' || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** {@link #isSeparatorRule} of each ASCII code point, computed once: the common case costs one load. */
    private static final boolean[] ASCII_SEPARATOR = new boolean[128];

    static {
        for (int cp = 0; cp < ASCII_SEPARATOR.length; cp++) {
            ASCII_SEPARATOR[cp] = isSeparatorRule(cp);
        }
    }

    /** Why {@code tag} is not a valid tag, or null. */
    static @Nullable String check(String tag) {
        if (tag.isEmpty()) {
            return "empty tag";
        }
        for (int i = 0; i < tag.length(); ) {
            int cp = tag.codePointAt(i);
            if (isSeparator(cp)) {
                return "tag " + quote(tag) + " holds a separator (whitespace, ',' or ';')";
            }
            if (Character.isISOControl(cp)) {
                return "tag " + quote(tag) + " holds a control character";
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /** The tags of a field: split at separators, empty pieces dropped. Control characters are left for {@link #check}. */
    static List<String> split(String field) {
        if (field.isEmpty()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < field.length(); ) {
            int cp = field.codePointAt(i);
            if (isSeparator(cp)) {
                if (start >= 0) {
                    tags.add(field.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            tags.add(field.substring(start));
        }
        return tags;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
