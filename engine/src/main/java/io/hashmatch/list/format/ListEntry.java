package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One record of a hash list, whatever its format: the hashes it carries and what the list says about it.
 *
 * <p><b>One entry per record, not per hash.</b> A VICS Media record carries an MD5, a SHA-1, a PDQ and maybe
 * a PhotoDNA of the same image; they share one entry so that a snapshot gives the record one entry number,
 * one set of metadata, and every hash of it points back to that number. Formats with one hash per line
 * (ThreatExchange text, hex lists, ThreatExchange CSV) give entries with a single hash.
 *
 * <p><b>Normalisation</b> (done by the constructor, so equal lists give equal entries): hashes are put in
 * canonical form ({@link HashKind#normalize(String)}: lowercase hex) and iterate in {@link HashKind} order;
 * tags are de-duplicated in first-seen order. Invariants, checked: at least one hash; {@code externalId},
 * {@code category} and {@code sourceList} are null or non-empty ({@code sourceList} never null); every tag is
 * non-empty and holds no whitespace, no {@code ','}, no {@code ';'} and no control character (these are the
 * separators of the formats' tag fields); {@code line >= 0}.
 *
 * <p>Immutable; thread-safe.
 *
 * @param hashes the entry's hashes by kind, non-empty, unmodifiable, in {@link HashKind} order
 * @param externalId the record's id in its list (VICS {@code MediaID}), or null
 * @param category the list's category: a VICS category number ({@code "1"}) or a ThreatExchange opinion
 *     ({@code "POSITIVE_CLASS"}, {@code "NEGATIVE_CLASS"}, {@code "INVESTIGATION_SEED"}), or null
 * @param tags free tags, possibly empty, unmodifiable
 * @param sourceList the list the entry came from (kept when several lists are merged)
 * @param dateAdded when the list added or last updated the record (VICS {@code DateUpdated}), or null
 * @param line 1-based line of the record in its file, 0 when not read from a file
 */
public record ListEntry(
        Map<HashKind, String> hashes,
        @Nullable String externalId,
        @Nullable String category,
        List<String> tags,
        String sourceList,
        @Nullable Instant dateAdded,
        int line) {

    /** The ThreatExchange opinion of false positives and test data: entries that suppress matches. */
    public static final String NEGATIVE_CLASS = "NEGATIVE_CLASS";

    /**
     * Checks and normalises the components (see the class comment).
     *
     * @throws IllegalArgumentException if an invariant does not hold; the message says which
     */
    public ListEntry {
        Objects.requireNonNull(hashes, "hashes");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(sourceList, "sourceList");
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("an entry has at least one hash");
        }
        EnumMap<HashKind, String> canonical = new EnumMap<>(HashKind.class);
        for (Map.Entry<HashKind, String> h : hashes.entrySet()) {
            canonical.put(
                    Objects.requireNonNull(h.getKey(), "hash kind"),
                    h.getKey().normalize(Objects.requireNonNull(h.getValue(), "hash value")));
        }
        hashes = Collections.unmodifiableMap(canonical);
        requireNullOrNonEmpty(externalId, "externalId");
        requireNullOrNonEmpty(category, "category");
        if (sourceList.isEmpty()) {
            throw new IllegalArgumentException("sourceList is empty");
        }
        for (String tag : tags) {
            String problem = TagSyntax.check(Objects.requireNonNull(tag, "tag"));
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        // The usual tag lists (none, one) have no repeat: no set needed to drop repeats.
        tags = tags.size() < 2 ? List.copyOf(tags) : List.copyOf(new LinkedHashSet<>(tags));
        if (line < 0) {
            throw new IllegalArgumentException("line " + line + " < 0");
        }
    }

    /** An entry with one hash and no metadata, not read from a file. */
    public static ListEntry of(HashKind kind, String value, String sourceList) {
        return new ListEntry(Map.of(kind, value), null, null, List.of(), sourceList, null, 0);
    }

    /** The hash of kind {@code kind}, canonical, or null when the entry has none. */
    public @Nullable String hash(HashKind kind) {
        return hashes.get(kind);
    }

    /**
     * Whether the list marks this record as a known non-match (ThreatExchange {@code NEGATIVE_CLASS}: false
     * positives, test data): a snapshot should use it to suppress matches, not to report them. VICS categories
     * are left to the caller's policy (their meaning depends on the regional profile).
     */
    public boolean isSuppression() {
        return NEGATIVE_CLASS.equals(category);
    }

    /** The same entry attributed to {@code sourceList}. */
    public ListEntry withSourceList(String sourceList) {
        return new ListEntry(hashes, externalId, category, tags, sourceList, dateAdded, line);
    }

    /** The same entry at line {@code line} (0: not from a file). */
    public ListEntry withLine(int line) {
        return new ListEntry(hashes, externalId, category, tags, sourceList, dateAdded, line);
    }

    /** The same entry without the hashes of the kinds in {@code drop}; null if none is left. */
    @Nullable
    ListEntry without(Set<HashKind> drop) {
        EnumMap<HashKind, String> kept = new EnumMap<>(hashes);
        kept.keySet().removeAll(drop);
        return kept.isEmpty() ? null : new ListEntry(kept, externalId, category, tags, sourceList, dateAdded, line);
    }

    private static void requireNullOrNonEmpty(@Nullable String s, String what) {
        if (s != null && s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty (use null)");
        }
    }
}
