package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import java.time.Instant;
import java.util.List;
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
 * @param descriptors ThreatExchange: the indicator's descriptors, the records its reactions go to; empty for the
 *     other exchanges (their feedback names the entry itself)
 */
public record ExchangeEntry(
        String id,
        @Nullable PdqHash pdq,
        @Nullable String md5,
        boolean deleted,
        @Nullable String category,
        @Nullable Instant created,
        @Nullable Instant updated,
        List<Descriptor> descriptors) {

    /**
     * One ThreatExchange descriptor of an indicator: one app's opinion of it, which other apps react to.
     *
     * <p>Immutable; thread-safe.
     *
     * @param id the descriptor's id (digits)
     * @param owner the id of the app that owns it, or null if ThreatExchange did not show it
     */
    public record Descriptor(String id, @Nullable String owner) {
        /** @throws IllegalArgumentException if the id or the owner is not digits */
        public Descriptor {
            if (!id.matches("[0-9]{1,32}") || (owner != null && !owner.matches("[0-9]{1,32}"))) {
                throw new IllegalArgumentException(
                        "a descriptor id and its owner's id are digits: " + id + ", " + owner);
            }
        }
    }

    /** @throws IllegalArgumentException if the id is empty */
    public ExchangeEntry {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an exchange entry needs an id");
        }
        descriptors = List.copyOf(descriptors);
    }

    /** A record without descriptors (every exchange but ThreatExchange). */
    public ExchangeEntry(
            String id,
            @Nullable PdqHash pdq,
            @Nullable String md5,
            boolean deleted,
            @Nullable String category,
            @Nullable Instant created,
            @Nullable Instant updated) {
        this(id, pdq, md5, deleted, category, created, updated, List.of());
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
