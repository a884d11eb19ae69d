package io.hashmatch.service.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Query;
import io.hashmatch.match.VideoHit;
import io.hashmatch.video.VideoComparison;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Lines records of {@code hashmatch match}, one per query, keys in a fixed order:
 *
 * <pre>{@code
 * {"query":"d9c1...","kind":"pdq","hits":[{"list":"demo","entry":5,"distance":0,"kind":"pdq","category":"POSITIVE_CLASS","source":"hashmatch demo"}],"matched":true}
 * {"query":"e0f4...","kind":"md5","hits":[],"matched":false}
 * {"query":"xyz","error":{"code":"invalid_hash","message":"not a hash: 3 characters (...)"}}
 * }</pre>
 *
 * <p>A PDQ hit between variants (regions, transforms of an image: a query's tile, a list item's crop) also has
 * {@code "queryVariant"} and {@code "entryVariant"}, each <code>{"kind":..,"transform":..,"rect":[x,y,w,h]}</code>
 * ({@code rect} when known; the whole image is kind {@code whole}, transform {@code original}); a hit of the whole
 * images on both sides has neither.
 *
 * <p>{@code kind} is the query's hash kind and, per hit, the kind that hit ({@code pdq}, {@code md5}, {@code sha1},
 * {@code sha256}); {@code distance} is the PDQ Hamming distance, 0 for exact hits. Hits are in the engine's order
 * (distance, list, entry, kind). Absent values are omitted, never {@code null}: a hit's {@code category} and
 * {@code source} (the merged list the entry came from) when the list has none; {@code "suppressing":true} on a
 * suppression hit, {@code "suppressed":true} on a hit it cancelled; after {@code matched}, the result's
 * {@code "suppressed":true} when a suppression hit cancelled the query, {@code "lowQuality":true} when its PDQ
 * quality was below the floor (not searched), {@code "truncated":true} when hits were left out by a limit.
 *
 * <p>The HTTP API may withhold distances ({@link #writeResult(JsonGenerator, MatchResult, Predicate)}): a hit then
 * has no {@code distance}, and the hits are written by list, entry and kind instead of nearest first, so that
 * their order does not tell the distances either.
 *
 * <p>A video hit ({@link #writeVideoHit}) has the same keys where they apply, the reference matcher's percentages
 * (as it prints them) instead of a distance:
 *
 * <pre>{@code
 * {"list":"demo","entry":7,"category":"POSITIVE_CLASS","queryMatchedPercent":"100.00","comparedMatchedPercent":"95.83"}
 * }</pre>
 *
 * <p>The HTTP API ({@code io.hashmatch.service.http}) writes the same records for its match answers. Written
 * through {@link JsonOutput}'s generators.
 *
 * <p>Stateless; thread-safe.
 */
public final class MatchJson {
    /** {@code error.code} of a query that is not a hash. */
    static final String INVALID_HASH = "invalid_hash";

    /** The order of hits whose distances are withheld: list, entry, kind. */
    private static final Comparator<MatchHit> WITHOUT_DISTANCE = Comparator.comparing(MatchHit::list)
            .thenComparingInt(MatchHit::entry)
            .thenComparing(MatchHit::kind);

    // the names of every answered query's record, written as they are (JsonOutput.name)
    private static final SerializableString QUERY = JsonOutput.name("query");
    private static final SerializableString KIND = JsonOutput.name("kind");
    private static final SerializableString HITS = JsonOutput.name("hits");
    private static final SerializableString LIST = JsonOutput.name("list");
    private static final SerializableString ENTRY = JsonOutput.name("entry");
    private static final SerializableString DISTANCE = JsonOutput.name("distance");
    private static final SerializableString MATCHED = JsonOutput.name("matched");

    private MatchJson() {}

    /** Writes the record of one answered query. */
    public static void writeResult(JsonGenerator g, MatchResult r) throws IOException {
        writeResult(g, r, list -> true);
    }

    /**
     * Writes the record of one answered query, with the distance of a hit only when {@code revealsDistance} says so
     * for its list.
     */
    public static void writeResult(JsonGenerator g, MatchResult r, Predicate<String> revealsDistance)
            throws IOException {
        Query q = r.query();
        g.writeStartObject();
        g.writeFieldName(QUERY);
        g.writeString(q.label());
        g.writeFieldName(KIND);
        g.writeString(kindOf(q));
        writeHitsAndFlags(g, r, revealsDistance);
        g.writeEndObject();
    }

    /** The members after the query's own: {@code hits}, {@code matched} and the result's flags. */
    private static void writeHitsAndFlags(JsonGenerator g, MatchResult r, Predicate<String> revealsDistance)
            throws IOException {
        g.writeFieldName(HITS);
        g.writeStartArray();
        List<MatchHit> hits = r.hits();
        for (MatchHit h : hits) { // a loop, not a stream: this runs for every answered query
            if (!revealsDistance.test(h.list())) {
                hits = hits.stream().sorted(WITHOUT_DISTANCE).toList();
                break;
            }
        }
        for (MatchHit h : hits) {
            g.writeStartObject();
            g.writeFieldName(LIST);
            g.writeString(h.list());
            g.writeFieldName(ENTRY);
            g.writeNumber(h.entry());
            if (revealsDistance.test(h.list())) {
                g.writeFieldName(DISTANCE);
                g.writeNumber(h.distance());
            }
            g.writeFieldName(KIND);
            g.writeString(name(h.kind()));
            writeVariants(g, h);
            writeOptional(g, h.category(), h.sourceList(), h.suppressing(), h.suppressed());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName(MATCHED);
        g.writeBoolean(r.matched());
        if (r.suppressed()) {
            g.writeBooleanField("suppressed", true);
        }
        if (r.lowQuality()) {
            g.writeBooleanField("lowQuality", true);
        }
        if (r.truncated()) {
            g.writeBooleanField("truncated", true);
        }
    }

    /**
     * Writes a hit's {@code queryVariant} and {@code entryVariant} when either is a variant (a region or transform,
     * not the whole image in its original orientation): each {@code {"kind":..,"transform":..,"rect":[x,y,w,h]}},
     * {@code rect} when stated.
     */
    public static void writeVariants(JsonGenerator g, MatchHit h) throws IOException {
        HashVariant query = h.queryVariant();
        HashVariant entry = h.entryVariant();
        if (query == null || entry == null || (query.isOriginal() && entry.isOriginal())) {
            return;
        }
        writeVariant(g, "queryVariant", query);
        writeVariant(g, "entryVariant", entry);
    }

    /** One variant as the object {@code name}. */
    public static void writeVariant(JsonGenerator g, String name, HashVariant v) throws IOException {
        g.writeObjectFieldStart(name);
        v.writeFields(g);
        g.writeEndObject();
    }

    /**
     * Writes the record of one {@code hashmatch hash} record matched ({@code match --input jsonl}): {@code path}
     * instead of {@code query} and {@code kind}, then the same {@code hits} and flags as {@link #writeResult}.
     */
    public static void writeFileResult(JsonGenerator g, String path, MatchResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", path);
        writeHitsAndFlags(g, r, list -> true);
        g.writeEndObject();
    }

    /** Writes the record of a query text that is not a hash. */
    public static void writeError(JsonGenerator g, String query, String message) throws IOException {
        g.writeStartObject();
        g.writeStringField("query", query);
        g.writeObjectFieldStart("error");
        g.writeStringField("code", INVALID_HASH);
        g.writeStringField("message", message);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Writes one video hit. */
    public static void writeVideoHit(JsonGenerator g, VideoHit h) throws IOException {
        g.writeStartObject();
        g.writeStringField("list", h.list());
        g.writeNumberField("entry", h.entry());
        VideoComparison c = h.comparison();
        writeOptional(g, h.category(), h.sourceList(), h.suppressing(), h.suppressed());
        g.writeStringField("queryMatchedPercent", VideoComparison.formatPercent(c.queryMatchedPercent()));
        g.writeStringField("comparedMatchedPercent", VideoComparison.formatPercent(c.comparedMatchedPercent()));
        g.writeEndObject();
    }

    /** A hit's keys that are present only when they have a value. */
    private static void writeOptional(
            JsonGenerator g,
            @Nullable String category,
            @Nullable String source,
            boolean suppressing,
            boolean suppressed)
            throws IOException {
        if (category != null) {
            g.writeStringField("category", category);
        }
        if (source != null) {
            g.writeStringField("source", source);
        }
        if (suppressing) {
            g.writeBooleanField("suppressing", true);
        }
        if (suppressed) {
            g.writeBooleanField("suppressed", true);
        }
    }

    private static String kindOf(Query q) {
        if (q.pdq() != null) {
            return name(HashKind.PDQ);
        } else if (q.md5() != null) {
            return name(HashKind.MD5);
        } else if (q.sha1() != null) {
            return name(HashKind.SHA1);
        }
        return name(HashKind.SHA256);
    }

    private static String name(HashKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
