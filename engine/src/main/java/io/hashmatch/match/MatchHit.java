package io.hashmatch.match;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.HashVariant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One hit of a query on one entry of one list.
 *
 * <p>Immutable; thread-safe.
 *
 * @param list the list's name ({@link io.hashmatch.list.HashListSnapshot#name()})
 * @param entry the entry number in that list's snapshot (key of its metadata)
 * @param distance PDQ Hamming distance, 0 for exact hits
 * @param kind the kind of hash that hit: {@link HashKind#PDQ}, {@link HashKind#MD5}, {@link HashKind#SHA1} or
 *     {@link HashKind#SHA256}
 * @param category the entry's category in its list, or null
 * @param sourceList the list the entry came from when several were merged into the snapshot, or null
 * @param suppressing whether this is a suppression hit (its list is a suppression list, or the entry a
 *     suppression entry such as ThreatExchange {@code NEGATIVE_CLASS}): it cancels the query's other hits
 * @param suppressed whether a suppression hit of the same query cancelled this hit (never true for a
 *     suppressing hit)
 * @param queryVariant for a PDQ hit, the query's variant that hit ({@link HashVariant#WHOLE}: its own PDQ hash);
 *     null for an exact hit
 * @param entryVariant for a PDQ hit, the entry's variant it hit ({@link HashVariant#WHOLE} for a list without
 *     variants); null for an exact hit
 */
public record MatchHit(
        String list,
        int entry,
        int distance,
        HashKind kind,
        @Nullable String category,
        @Nullable String sourceList,
        boolean suppressing,
        boolean suppressed,
        @Nullable HashVariant queryVariant,
        @Nullable HashVariant entryVariant) {

    /** Checks for nulls. */
    public MatchHit {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(kind, "kind");
    }

    /** A hit that names no variants: an exact hit, or a PDQ hit of the whole images (both variants {@code WHOLE}). */
    public MatchHit(
            String list,
            int entry,
            int distance,
            HashKind kind,
            @Nullable String category,
            @Nullable String sourceList,
            boolean suppressing,
            boolean suppressed) {
        this(
                list,
                entry,
                distance,
                kind,
                category,
                sourceList,
                suppressing,
                suppressed,
                kind == HashKind.PDQ ? HashVariant.WHOLE : null,
                kind == HashKind.PDQ ? HashVariant.WHOLE : null);
    }

    /** This hit with {@code suppressed}. */
    public MatchHit withSuppressed(boolean suppressed) {
        return new MatchHit(
                list, entry, distance, kind, category, sourceList, suppressing, suppressed, queryVariant, entryVariant);
    }

    /** Whether this hit counts as a match: neither a suppression hit nor cancelled by one. */
    public boolean isMatch() {
        return !suppressing && !suppressed;
    }
}
