package io.hashmatch.service.intake;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code hashmatch.intake}: what the public report page offers and accepts.
 *
 * @param categories what the images may show, as the hotline defines it: category id → label per language
 *     ({@code {en: ..., km: ...}}), in the order the page lists them
 * @param maxItems most files in one report
 * @param maxSeenWhere most characters of "where seen"
 * @param maxContact most characters of the contact
 * @param maxFrames most vPDQ frames in one report, all its videos together (the page samples one frame a second)
 * @param maxBody most bytes of a submission's JSON body, checked from its {@code Content-Length} before it is read
 *     ({@link IntakeGuard}); at least {@link #largestReport} bytes, so that every report within the other caps fits
 */
@ConfigurationProperties("hashmatch.intake")
record IntakeConfiguration(
        @Nullable Map<String, Map<String, String>> categories,
        @Bindable(defaultValue = "20") int maxItems,
        @Bindable(defaultValue = "1000") int maxSeenWhere,
        @Bindable(defaultValue = "200") int maxContact,
        @Bindable(defaultValue = "1200") int maxFrames,
        @Bindable(defaultValue = "262144") int maxBody) {

    /** Characters of the columns {@code seen_where} and {@code contact} ({@code db/intake/V1__reports.sql}). */
    static final int SEEN_WHERE_COLUMN = 2000;

    static final int CONTACT_COLUMN = 500;
    static final int CATEGORIES_COLUMN = 512;

    /**
     * Bytes of one frame as the page sends it, at most: {@code {"frame":N,"timestamp":T,"pdq":"<64 hex>","quality":Q},}
     * with a 10-digit frame index and a float's longest decimal form.
     */
    static final int FRAME_BYTES = 140;

    /** Bytes of one file's hashes as the page sends them, at most, without its frames. */
    static final int ITEM_BYTES = 320;

    /**
     * Bytes of everything else of a report, at most: the ids, the challenge and its solution, the language, the
     * category ids.
     */
    static final int ENVELOPE_BYTES = 1024 + CATEGORIES_COLUMN * 4;

    /**
     * Caps the database can hold: a text cap counts code points, a column UTF-16 units (up to two per code point).
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    IntakeConfiguration {
        String where = "hashmatch.intake.";
        if (maxItems < 1 || maxFrames < 0) {
            throw new IllegalArgumentException(
                    where + "max-items must be at least 1, max-frames at least 0: " + maxItems + ", " + maxFrames);
        }
        if (maxSeenWhere < 0 || maxSeenWhere > SEEN_WHERE_COLUMN / 2) {
            throw new IllegalArgumentException(
                    where + "max-seen-where must be 0.." + SEEN_WHERE_COLUMN / 2 + ": " + maxSeenWhere);
        }
        if (maxContact < 0 || maxContact > CONTACT_COLUMN / 2) {
            throw new IllegalArgumentException(
                    where + "max-contact must be 0.." + CONTACT_COLUMN / 2 + ": " + maxContact);
        }
        if (categories != null && String.join(" ", categories.keySet()).length() > CATEGORIES_COLUMN) {
            throw new IllegalArgumentException(where + "categories: the ids together (space separated) are at most "
                    + CATEGORIES_COLUMN + " characters");
        }
        long largest = largestReport(maxItems, maxFrames, maxSeenWhere, maxContact);
        if (maxBody < largest) {
            throw new IllegalArgumentException(where + "max-body must hold the largest report the other caps allow: at"
                    + " least " + largest + " bytes, not " + maxBody);
        }
    }

    /**
     * The most bytes of a report's JSON within these caps: each character of the texts as a six-character JSON escape
     * (two per code point at most).
     */
    static long largestReport(int maxItems, int maxFrames, int maxSeenWhere, int maxContact) {
        return ENVELOPE_BYTES
                + (long) maxItems * ITEM_BYTES
                + (long) maxFrames * FRAME_BYTES
                + 12L * (maxSeenWhere + maxContact);
    }

    /** The categories, never null. */
    Map<String, Map<String, String>> categoryLabels() {
        return categories == null ? Map.of() : new LinkedHashMap<>(categories);
    }
}
