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
 * @param maxBody most bytes of a submission's JSON body
 */
@ConfigurationProperties("hashmatch.intake")
record IntakeConfiguration(
        @Nullable Map<String, Map<String, String>> categories,
        @Bindable(defaultValue = "20") int maxItems,
        @Bindable(defaultValue = "1000") int maxSeenWhere,
        @Bindable(defaultValue = "200") int maxContact,
        @Bindable(defaultValue = "65536") int maxBody) {

    /** The categories, never null. */
    Map<String, Map<String, String>> categoryLabels() {
        return categories == null ? Map.of() : new LinkedHashMap<>(categories);
    }
}
