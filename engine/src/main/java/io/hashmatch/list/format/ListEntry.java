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
 * @param variants PDQ hashes of variants of the entry's image (regions, transforms; {@code hashmatch hash
 *     --variants}), beside its whole-image hashes in {@code hashes}; empty for every format but
 *     {@link ListFormat#HASH_JSONL}. Unmodifiable; never {@link HashVariant#WHOLE}.
 * @param pdqQuality the PDQ quality (0..100) of the whole-image hash {@code hashes.get(PDQ)} when the list states it
 *     ({@link ListFormat#HASH_JSONL}), else {@link #QUALITY_UNKNOWN}
 * @param mediaSize the content's size in bytes when the list states it (VICS {@code MediaSize}), else
 *     {@link #SIZE_UNKNOWN}
 * @param mediaFiles where copies of the content were found (VICS {@code MediaFiles}: path, name, times, deleted,
 *     offset), possibly empty, unmodifiable; only {@link ListFormat#VICS_JSON} holds them (snapshots do not keep them)
 */
public record ListEntry(
        Map<HashKind, String> hashes,
        @Nullable String externalId,
        @Nullable String category,
        List<String> tags,
        String sourceList,
        @Nullable Instant dateAdded,
        int line,
        List<VariantHash> variants,
        int pdqQuality,
        long mediaSize,
        List<VicsMediaFile> mediaFiles) {

    /** {@link #pdqQuality()} when the list does not state it. */
    public static final int QUALITY_UNKNOWN = -1;

    /** {@link #mediaSize()} when the list does not state it. */
    public static final long SIZE_UNKNOWN = -1;

    /**
     * The PDQ hash of one variant of an entry's image.
     *
     * <p>Immutable; thread-safe.
     *
     * @param variant which variant (never {@link HashVariant#WHOLE}: that is the entry's own PDQ hash)
     * @param pdq the PDQ hash, 64 lowercase hex digits
     * @param quality its PDQ quality 0..100
     */
    public record VariantHash(HashVariant variant, String pdq, int quality) {
        /**
         * @throws IllegalArgumentException if the variant is the whole image, the hash is not PDQ hex, or the quality
         *     is outside 0..100
         */
        public VariantHash {
            Objects.requireNonNull(variant, "variant");
            if (variant.isOriginal()) {
                throw new IllegalArgumentException("the whole image's PDQ hash is the entry's own, not a variant");
            }
            pdq = HashKind.PDQ.normalize(Objects.requireNonNull(pdq, "pdq"));
            if (quality < 0 || quality > 100) {
                throw new IllegalArgumentException("variant quality must be 0..100, got " + quality);
            }
        }
    }

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
        variants = List.copyOf(variants);
        if (pdqQuality != QUALITY_UNKNOWN
                && (pdqQuality < 0 || pdqQuality > 100 || !hashes.containsKey(HashKind.PDQ))) {
            throw new IllegalArgumentException("pdqQuality " + pdqQuality + " without a PDQ hash or outside 0..100");
        }
        if (!variants.isEmpty() && !hashes.containsKey(HashKind.PDQ)) {
            throw new IllegalArgumentException("variants without the whole image's PDQ hash");
        }
        if (mediaSize < SIZE_UNKNOWN) {
            throw new IllegalArgumentException("mediaSize " + mediaSize + " < 0");
        }
        mediaFiles = List.copyOf(mediaFiles);
    }

    /** An entry without size or copies (every format but {@link ListFormat#VICS_JSON}). */
    public ListEntry(
            Map<HashKind, String> hashes,
            @Nullable String externalId,
            @Nullable String category,
            List<String> tags,
            String sourceList,
            @Nullable Instant dateAdded,
            int line,
            List<VariantHash> variants,
            int pdqQuality) {
        this(
                hashes,
                externalId,
                category,
                tags,
                sourceList,
                dateAdded,
                line,
                variants,
                pdqQuality,
                SIZE_UNKNOWN,
                List.of());
    }

    /** An entry without variants (every format but {@link ListFormat#HASH_JSONL}). */
    public ListEntry(
            Map<HashKind, String> hashes,
            @Nullable String externalId,
            @Nullable String category,
            List<String> tags,
            String sourceList,
            @Nullable Instant dateAdded,
            int line) {
        this(hashes, externalId, category, tags, sourceList, dateAdded, line, List.of(), QUALITY_UNKNOWN);
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
        return with(sourceList, line, mediaSize, mediaFiles);
    }

    /** The same entry at line {@code line} (0: not from a file). */
    public ListEntry withLine(int line) {
        return with(sourceList, line, mediaSize, mediaFiles);
    }

    /** The same entry with the content's size ({@link #SIZE_UNKNOWN}: none) and the copies found of it. */
    public ListEntry withMedia(long mediaSize, List<VicsMediaFile> mediaFiles) {
        return with(sourceList, line, mediaSize, mediaFiles);
    }

    /** The same entry with this source list, line and media: the one copy the {@code with...} methods make. */
    private ListEntry with(String sourceList, int line, long mediaSize, List<VicsMediaFile> mediaFiles) {
        return new ListEntry(
                hashes,
                externalId,
                category,
                tags,
                sourceList,
                dateAdded,
                line,
                variants,
                pdqQuality,
                mediaSize,
                mediaFiles);
    }

    /** The same entry without the hashes of the kinds in {@code drop}; null if none is left. */
    @Nullable
    ListEntry without(Set<HashKind> drop) {
        EnumMap<HashKind, String> kept = new EnumMap<>(hashes);
        kept.keySet().removeAll(drop);
        if (kept.isEmpty()) {
            return null;
        }
        boolean pdqKept = kept.containsKey(HashKind.PDQ); // variants belong to the whole image's PDQ hash
        return new ListEntry(
                kept,
                externalId,
                category,
                tags,
                sourceList,
                dateAdded,
                line,
                pdqKept ? variants : List.of(),
                pdqKept ? pdqQuality : QUALITY_UNKNOWN,
                mediaSize,
                mediaFiles);
    }

    private static void requireNullOrNonEmpty(@Nullable String s, String what) {
        if (s != null && s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty (use null)");
        }
    }
}
