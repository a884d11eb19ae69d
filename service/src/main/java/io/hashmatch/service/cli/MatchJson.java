package io.hashmatch.service.cli;

import io.hashmatch.hash.HashKind;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Query;
import java.util.Locale;

/**
 * The JSON Lines records of {@code hashmatch match}, one per query, keys in a fixed order:
 *
 * <pre>{@code
 * {"query":"d9c1...","kind":"pdq","hits":[{"list":"demo","entry":5,"distance":0,"kind":"pdq","category":"POSITIVE_CLASS","source":"hashmatch demo"}],"matched":true}
 * {"query":"e0f4...","kind":"md5","hits":[],"matched":false}
 * {"query":"xyz","error":{"code":"invalid_hash","message":"not a hash: 3 characters (...)"}}
 * }</pre>
 *
 * <p>{@code kind} is the query's hash kind and, per hit, the kind that hit ({@code pdq}, {@code md5}, {@code sha1},
 * {@code sha256}); {@code distance} is the PDQ Hamming distance, 0 for exact hits. Hits are in the engine's order
 * (distance, list, entry, kind). Absent values are omitted, never {@code null}: a hit's {@code category} and
 * {@code source} (the merged list the entry came from) when the list has none; {@code "suppressing":true} on a
 * suppression hit, {@code "suppressed":true} on a hit it cancelled; after {@code matched}, the result's
 * {@code "suppressed":true} when a suppression hit cancelled the query, {@code "lowQuality":true} when its PDQ
 * quality was below the floor (not searched).
 *
 * <p>The HTTP API ({@code io.hashmatch.service.http}) writes the same records for its match answers.
 *
 * <p>Stateless; thread-safe.
 */
public final class MatchJson {
    /** {@code error.code} of a query that is not a hash. */
    static final String INVALID_HASH = "invalid_hash";

    private MatchJson() {}

    /** Appends the record of one answered query, without a line end. */
    public static void appendResult(StringBuilder b, MatchResult r) {
        Query q = r.query();
        b.append("{\"query\":");
        JsonStrings.appendString(b, q.label());
        b.append(",\"kind\":\"").append(kindOf(q)).append("\",\"hits\":[");
        for (int i = 0; i < r.hits().size(); i++) {
            MatchHit h = r.hits().get(i);
            b.append(i == 0 ? "{" : ",{").append("\"list\":");
            JsonStrings.appendString(b, h.list());
            b.append(",\"entry\":").append(h.entry());
            b.append(",\"distance\":").append(h.distance());
            b.append(",\"kind\":\"").append(name(h.kind())).append('"');
            if (h.category() != null) {
                b.append(",\"category\":");
                JsonStrings.appendString(b, h.category());
            }
            if (h.sourceList() != null) {
                b.append(",\"source\":");
                JsonStrings.appendString(b, h.sourceList());
            }
            if (h.suppressing()) {
                b.append(",\"suppressing\":true");
            }
            if (h.suppressed()) {
                b.append(",\"suppressed\":true");
            }
            b.append('}');
        }
        b.append("],\"matched\":").append(r.matched());
        if (r.suppressed()) {
            b.append(",\"suppressed\":true");
        }
        if (r.lowQuality()) {
            b.append(",\"lowQuality\":true");
        }
        b.append('}');
    }

    /** Appends the record of a query text that is not a hash, without a line end. */
    public static void appendError(StringBuilder b, String query, String message) {
        b.append("{\"query\":");
        JsonStrings.appendString(b, query);
        b.append(",\"error\":{\"code\":\"").append(INVALID_HASH).append("\",\"message\":");
        JsonStrings.appendString(b, message);
        b.append("}}");
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
