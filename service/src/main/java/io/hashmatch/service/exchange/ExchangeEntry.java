package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record an exchange sent: an entry to add or replace (its hashes), or the deletion of one.
 *
 * <p>Immutable; thread-safe.
 *
 * @param id the exchange's id of the entry (NCMEC {@code <member id>-<entry id>}, StopNCII
 *     {@code <signalType>:<hashValue>}, ThreatExchange the indicator id, Tech Against Terrorism
 *     {@code <algorithm>:<hash_digest>}, a URL list the entry's hashes): a later record of the same id replaces it
 * @param pdq the PDQ hash to match, or null
 * @param md5 the MD5 digest to match (lowercase hex), or null
 * @param deleted whether this record deletes the entry (its hashes are then null)
 * @param category the exchange's classification or tags of the entry, or null
 * @param created when the exchange first had the entry, or null if it does not say
 * @param updated when the exchange last changed it, or null if it does not say
 */
public record ExchangeEntry(
        String id,
        @Nullable PdqHash pdq,
        @Nullable String md5,
        boolean deleted,
        @Nullable String category,
        @Nullable Instant created,
        @Nullable Instant updated) {

    /** @throws IllegalArgumentException if the id is empty */
    public ExchangeEntry {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an exchange entry needs an id");
        }
    }

    /** A deletion of entry {@code id}. */
    static ExchangeEntry deletion(String id, @Nullable Instant updated) {
        return new ExchangeEntry(id, null, null, true, null, null, updated);
    }

    /** Whether the record carries a hash the list can match. */
    boolean hasHash() {
        return pdq != null || md5 != null;
    }
}
