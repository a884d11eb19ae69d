package io.hashmatch.list.metadata;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a list says about one of its entries besides its hashes.
 *
 * <p>Immutable; thread-safe.
 *
 * @param externalId the entry's id in its source list (e.g. a VICS MediaID), or null
 * @param category the source list's category (e.g. a VICS category number, a ThreatExchange opinion), or null
 * @param sourceList the list the entry came from (several lists can be merged into one snapshot)
 * @param dateAdded when the source list added or last updated the entry, or null
 * @param tags free tags, possibly empty
 * @param photoDna the entry's PhotoDNA hash (base64, as VICS stores it), or null: kept so that an exported list
 *     loses nothing, never matched
 * @param details what the client that added the entry gave with it, kept as given (an HMA client's content metadata,
 *     a JSON object), or null
 */
public record EntryMetadata(
        @Nullable String externalId,
        @Nullable String category,
        String sourceList,
        @Nullable Instant dateAdded,
        List<String> tags,
        @Nullable String photoDna,
        @Nullable String details) {

    /** Copies the tags. */
    public EntryMetadata {
        tags = List.copyOf(tags);
    }

    /** Metadata without details. */
    public EntryMetadata(
            @Nullable String externalId,
            @Nullable String category,
            String sourceList,
            @Nullable Instant dateAdded,
            List<String> tags,
            @Nullable String photoDna) {
        this(externalId, category, sourceList, dateAdded, tags, photoDna, null);
    }

    /** Metadata without a PhotoDNA hash. */
    public EntryMetadata(
            @Nullable String externalId,
            @Nullable String category,
            String sourceList,
            @Nullable Instant dateAdded,
            List<String> tags) {
        this(externalId, category, sourceList, dateAdded, tags, null, null);
    }
}
