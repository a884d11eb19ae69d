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
 * @param maxBody most bytes of a submission's JSON body, checked from its {@code Content-Length} before it is read
 *     ({@link IntakeGuard})
 */
@ConfigurationProperties("hashmatch.intake")
record IntakeConfiguration(
        @Nullable Map<String, Map<String, String>> categories,
        @Bindable(defaultValue = "20") int maxItems,
        @Bindable(defaultValue = "1000") int maxSeenWhere,
        @Bindable(defaultValue = "200") int maxContact,
        @Bindable(defaultValue = "65536") int maxBody) {

    /** Characters of the columns {@code seen_where} and {@code contact} ({@code db/intake/V1__reports.sql}). */
    static final int SEEN_WHERE_COLUMN = 2000;

    static final int CONTACT_COLUMN = 500;
    static final int CATEGORIES_COLUMN = 512;

    /**
     * Caps the database can hold: a text cap counts code points, a column UTF-16 units (up to two per code point).
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    IntakeConfiguration {
        String where = "hashmatch.intake.";
        if (maxItems < 1 || maxBody < 1) {
            throw new IllegalArgumentException(
                    where + "max-items and max-body must be at least 1: " + maxItems + ", " + maxBody);
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
    }

    /** The categories, never null. */
    Map<String, Map<String, String>> categoryLabels() {
        return categories == null ? Map.of() : new LinkedHashMap<>(categories);
    }
}
