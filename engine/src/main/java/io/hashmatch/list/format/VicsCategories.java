package io.hashmatch.list.format;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a list's category becomes a VICS {@code Category}, which suites read as an integer only (a string is
 * dropped or refused). The Project VIC category numbers (the {@code US}/{@code Default} profile):
 *
 * <table>
 *   <caption>List category to VICS Category</caption>
 *   <tr><th>list category</th><th>VICS Category</th><th>meaning</th></tr>
 *   <tr><td>an integer 0..99 ({@code "1"})</td><td>the same number</td><td>already a VICS category</td></tr>
 *   <tr><td>{@code NEGATIVE_CLASS}</td><td>0</td><td>non-pertinent (ignorable)</td></tr>
 *   <tr><td>{@code POSITIVE_CLASS}</td><td>1</td><td>child abuse material</td></tr>
 *   <tr><td>anything else, or none</td><td>not written</td><td>the suite's analyst decides</td></tr>
 * </table>
 *
 * <p>Numbers 2 (child exploitive, not abuse material), 3 (CGI/animation) and 4 (comparison) are kept when a list
 * carries them; no ThreatExchange opinion maps to them ({@code INVESTIGATION_SEED} is a lead, not a category).
 * A category that is not itself a number travels in a tag {@value #TAG_PREFIX}{@code <category>} (percent-encoded,
 * {@code application/x-www-form-urlencoded}, so that no tag separator is left in it) so that hashmatch reads it
 * back unchanged.
 *
 * <p>Stateless; thread-safe.
 */
public final class VicsCategories {
    /** Tag prefix that carries a list category that is not a VICS number. */
    public static final String TAG_PREFIX = "hashmatch-category:";

    private static final int MAX_CATEGORY = 99;

    private VicsCategories() {}

    /** The VICS Category number of a list category, per the table above; null when none applies. */
    static @Nullable Integer number(@Nullable String category) {
        if (category == null) {
            return null;
        }
        if (VicsWriter.isCanonicalLong(category)) {
            long n = Long.parseLong(category);
            return n >= 0 && n <= MAX_CATEGORY ? (int) n : null;
        }
        return switch (category.toUpperCase(Locale.ROOT)) {
            case ListEntry.NEGATIVE_CLASS -> 0;
            case "POSITIVE_CLASS" -> 1;
            default -> null;
        };
    }

    /** {@code s} with every tag separator and control character replaced by {@code _}: usable in a tag. */
    public static String tagSafe(String s) {
        return IcseCsvParser.tagSafe(s);
    }

    /** The tag that carries {@code category}: the prefix and the category percent-encoded (no separator left). */
    static String tag(String category) {
        return TAG_PREFIX + URLEncoder.encode(category, StandardCharsets.UTF_8);
    }

    /** The category a {@link #tag} carries (its text as is when it is not valid percent-encoding). */
    static String fromTag(String tag) {
        String encoded = tag.substring(TAG_PREFIX.length());
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }

    /** Whether {@code category} is written as a number only (so needs no {@link #TAG_PREFIX} tag). */
    static boolean isNumber(@Nullable String category) {
        return category != null && VicsWriter.isCanonicalLong(category) && number(category) != null;
    }
}
