package io.hashmatch.match;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.format.ListEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing to look up: a PDQ hash (with its quality when known) and/or exact digests, under a label that
 * results carry back (a file name, or the hash text).
 *
 * <p><b>Telling hashes apart.</b> The factories state the kind. {@link #parse(String)} is the rule for text
 * typed by users (CLI, HTTP): an optional prefix {@code pdq:}, {@code md5:}, {@code sha1:} or {@code sha256:}
 * (any case) names the kind; without a prefix 32 hex digits are MD5, 40 SHA-1 and <b>64 PDQ</b> (the
 * perceptual hash is what people match by hand; a SHA-256 must be written {@code sha256:<hex>}).
 *
 * <p>Digests are kept as lowercase hex. Immutable; thread-safe.
 *
 * @param label what the results call this query (never interpreted)
 * @param pdq the PDQ hash, or null
 * @param quality the PDQ quality 0..100, or {@link #QUALITY_UNKNOWN} (then the quality floor does not apply)
 * @param md5 MD5, 32 lowercase hex digits, or null
 * @param sha1 SHA-1, 40 lowercase hex digits, or null
 * @param sha256 SHA-256, 64 lowercase hex digits, or null
 * @param variants PDQ hashes of variants of the query's image (regions, transforms), searched beside {@code pdq}
 *     and named in the hits they make ({@link MatchHit#queryVariant()}); empty when none (then {@code pdq} alone is
 *     searched, as always). Only with a {@code pdq}.
 */
public record Query(
        String label,
        @Nullable PdqHash pdq,
        int quality,
        @Nullable String md5,
        @Nullable String sha1,
        @Nullable String sha256,
        List<Variant> variants) {

    /**
     * The PDQ hash of one variant of a query's image.
     *
     * <p>Immutable; thread-safe.
     *
     * @param variant which variant (not {@link HashVariant#WHOLE}: that is the query's own {@code pdq})
     * @param hash its PDQ hash
     * @param quality its PDQ quality 0..100, or {@link #QUALITY_UNKNOWN}
     */
    public record Variant(HashVariant variant, PdqHash hash, int quality) {
        /**
         * @throws IllegalArgumentException if the variant is the whole image, or the quality is neither unknown nor
         *     0..100
         */
        public Variant {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(hash, "hash");
            if (variant.isOriginal()) {
                throw new IllegalArgumentException("the whole image's PDQ hash is the query's own, not a variant");
            }
            if (quality != QUALITY_UNKNOWN && (quality < 0 || quality > 100)) {
                throw new IllegalArgumentException("PDQ quality must be 0..100 (or unknown), got " + quality);
            }
        }

        /** The variant the engine derived ({@link FileHashes#variants()}), named by its kind, transform and rectangle. */
        public static Variant of(PdqVariant v) {
            return new Variant(HashVariant.of(v), v.pdq(), v.quality());
        }
    }

    /** A query without variants. */
    public Query(
            String label,
            @Nullable PdqHash pdq,
            int quality,
            @Nullable String md5,
            @Nullable String sha1,
            @Nullable String sha256) {
        this(label, pdq, quality, md5, sha1, sha256, List.of());
    }

    /** {@link #quality()} of a PDQ hash whose quality is not known. */
    public static final int QUALITY_UNKNOWN = -1;

    /**
     * Checks and normalises.
     *
     * @throws IllegalArgumentException if there is no hash at all, a digest is not hex of its length, or the
     *     quality is neither {@link #QUALITY_UNKNOWN} nor 0..100
     */
    public Query {
        Objects.requireNonNull(label, "label");
        if (pdq == null && md5 == null && sha1 == null && sha256 == null) {
            throw new IllegalArgumentException("a query needs a PDQ hash or a digest");
        }
        if (quality != QUALITY_UNKNOWN && (quality < 0 || quality > 100)) {
            throw new IllegalArgumentException("PDQ quality must be 0..100 (or unknown), got " + quality);
        }
        md5 = md5 == null ? null : HashKind.MD5.normalize(md5);
        sha1 = sha1 == null ? null : HashKind.SHA1.normalize(sha1);
        sha256 = sha256 == null ? null : HashKind.SHA256.normalize(sha256);
        variants = List.copyOf(variants);
        if (!variants.isEmpty() && pdq == null) {
            throw new IllegalArgumentException("variants without the whole image's PDQ hash");
        }
    }

    /** A PDQ hash of unknown quality, labelled with its hex. */
    public static Query pdq(PdqHash hash) {
        return new Query(hash.toHex(), hash, QUALITY_UNKNOWN, null, null, null);
    }

    /** A PDQ hash with its quality (0..100), labelled with its hex. */
    public static Query pdq(PdqHash hash, int quality) {
        return new Query(hash.toHex(), hash, quality, null, null, null);
    }

    /** An MD5 digest (32 hex digits), labelled with it. */
    public static Query md5(String hex) {
        return new Query(hex, null, QUALITY_UNKNOWN, hex, null, null);
    }

    /** A SHA-1 digest (40 hex digits), labelled with it. */
    public static Query sha1(String hex) {
        return new Query(hex, null, QUALITY_UNKNOWN, null, hex, null);
    }

    /** A SHA-256 digest (64 hex digits), labelled with it. */
    public static Query sha256(String hex) {
        return new Query(hex, null, QUALITY_UNKNOWN, null, null, hex);
    }

    /**
     * Everything hashed from one file: its PDQ hash and quality (when it decoded), the variants its hasher derived
     * ({@link FileHashes#variants()}; none unless the hasher was asked for them) and its three digests (when it
     * could be read).
     *
     * @throws IllegalArgumentException if {@code hashes} has neither (the file could not be read at all)
     */
    public static Query of(String label, FileHashes hashes) {
        var pdq = hashes.pdq();
        var exact = hashes.exact();
        List<Variant> variants = new ArrayList<>(hashes.variants().size());
        if (pdq != null) {
            for (PdqVariant v : hashes.variants()) {
                variants.add(Variant.of(v));
            }
        }
        return new Query(
                label,
                pdq == null ? null : pdq.hash(),
                pdq == null ? QUALITY_UNKNOWN : pdq.quality(),
                exact == null ? null : exact.md5(),
                exact == null ? null : exact.sha1(),
                exact == null ? null : exact.sha256(),
                variants);
    }

    /**
     * The hashes of a list record (a {@code hashmatch hash} record read with {@link io.hashmatch.list.format.HashRecords}):
     * its whole-image PDQ hash with its quality, its digests and its variants, labelled with its external id (the
     * record's path), else {@code line <n>}.
     *
     * @throws IllegalArgumentException if the entry holds no matchable hash (only a PhotoDNA)
     */
    public static Query of(ListEntry entry) {
        String pdq = entry.hash(HashKind.PDQ);
        List<Variant> variants = new ArrayList<>(entry.variants().size());
        for (ListEntry.VariantHash v : entry.variants()) {
            variants.add(new Variant(v.variant(), PdqHash.fromHex(v.pdq()), v.quality()));
        }
        String id = entry.externalId();
        return new Query(
                id != null ? id : "line " + entry.line(),
                pdq == null ? null : PdqHash.fromHex(pdq),
                pdq == null ? QUALITY_UNKNOWN : entry.pdqQuality(),
                entry.hash(HashKind.MD5),
                entry.hash(HashKind.SHA1),
                entry.hash(HashKind.SHA256),
                variants);
    }

    /**
     * A hash typed by a user, labelled with the text as given: see the class comment for the rule
     * ({@code pdq:}/{@code md5:}/{@code sha1:}/{@code sha256:} prefix, else 32 = MD5, 40 = SHA-1, 64 = PDQ).
     * A PDQ hash may carry its quality after an {@code @}, as {@code hashmatch hash} reports it:
     * {@code <64 hex>@73} (0-100), so that the matcher's minimum quality applies.
     *
     * @throws IllegalArgumentException if the text is not hex of a known length, or not of its prefix's kind;
     *     the message says why
     */
    public static Query parse(String text) {
        String t = text.strip();
        int quality = QUALITY_UNKNOWN;
        int at = t.indexOf('@');
        if (at >= 0) {
            quality = parseQuality(t.substring(at + 1));
            t = t.substring(0, at);
        }
        int colon = t.indexOf(':');
        String prefix = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String hex = colon < 0 ? t : t.substring(colon + 1);
        boolean pdq = prefix.equals("pdq") || (prefix.isEmpty() && hex.length() == 64);
        if (quality != QUALITY_UNKNOWN && !pdq) {
            throw new IllegalArgumentException("only a PDQ hash has a quality ('@" + quality + "')");
        }
        final int q = quality;
        return switch (prefix) {
            case "pdq" -> new Query(text, PdqHash.fromHex(HashKind.PDQ.normalize(hex)), q, null, null, null);
            case "md5" -> new Query(text, null, QUALITY_UNKNOWN, hex, null, null);
            case "sha1" -> new Query(text, null, QUALITY_UNKNOWN, null, hex, null);
            case "sha256" -> new Query(text, null, QUALITY_UNKNOWN, null, null, hex);
            case "" ->
                switch (hex.length()) {
                    case 32 -> new Query(text, null, QUALITY_UNKNOWN, hex, null, null);
                    case 40 -> new Query(text, null, QUALITY_UNKNOWN, null, hex, null);
                    case 64 -> new Query(text, PdqHash.fromHex(HashKind.PDQ.normalize(hex)), q, null, null, null);
                    default ->
                        throw new IllegalArgumentException("not a hash: " + hex.length()
                                + " characters (32 hex = MD5, 40 = SHA-1, 64 = PDQ, sha256:<64 hex> = SHA-256)");
                };
            default ->
                throw new IllegalArgumentException("unknown hash prefix '" + prefix + ":' (pdq, md5, sha1, sha256)");
        };
    }

    /**
     * Texts typed by users, each parsed by {@link #parse(String)}, as the CLI and the HTTP API answer them: the queries
     * of the hashes and, per text, why it is not one.
     *
     * <p>Immutable; thread-safe.
     *
     * @param queries the queries of the texts that are hashes, in the texts' order
     * @param errors one per text, in order: null for a hash, else why it is not one
     */
    public record Parsed(List<Query> queries, List<@Nullable String> errors) {
        /** Copies the lists (errors may hold nulls). */
        public Parsed {
            queries = List.copyOf(queries);
            errors = Collections.unmodifiableList(new ArrayList<>(errors));
        }

        /** How many texts are not hashes. */
        public int invalid() {
            return errors.size() - queries.size();
        }
    }

    /**
     * Parses each of {@code texts} by {@link #parse(String)}; a text that is not a hash gets the reason
     * {@code parse} gives, "null is not a hash" for a null text (JSON allows one), "not a hash" if there is no
     * reason.
     */
    public static Parsed parseAll(List<? extends @Nullable String> texts) {
        List<Query> queries = new ArrayList<>(texts.size());
        List<@Nullable String> errors = new ArrayList<>(texts.size());
        for (@Nullable String text : texts) {
            if (text == null) {
                errors.add("null is not a hash");
                continue;
            }
            try {
                queries.add(parse(text));
                errors.add(null);
            } catch (IllegalArgumentException e) {
                errors.add(Objects.requireNonNullElse(e.getMessage(), "not a hash"));
            }
        }
        return new Parsed(queries, errors);
    }

    private static int parseQuality(String digits) {
        try {
            int q = Integer.parseInt(digits);
            if (q >= 0 && q <= 100) {
                return q;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("quality after '@' must be 0-100, got '" + digits + "'");
    }

    /** This query under another label. */
    Query withLabel(String label) {
        return new Query(label, pdq, quality, md5, sha1, sha256, variants);
    }

    /** This query with {@code variants} searched beside its PDQ hash (empty: none). */
    public Query withVariants(List<Variant> variants) {
        return new Query(label, pdq, quality, md5, sha1, sha256, variants);
    }

    /**
     * The variant of search row {@code row}: 0 is the query's own PDQ hash ({@link HashVariant#WHOLE}), {@code i + 1}
     * the variant {@code i}.
     */
    HashVariant rowVariant(int row) {
        return row == 0 ? HashVariant.WHOLE : variants.get(row - 1).variant();
    }
}
