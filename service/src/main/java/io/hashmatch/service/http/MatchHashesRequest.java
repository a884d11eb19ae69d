package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/match/hashes}:
 *
 * <pre>{@code
 * {"hashes":["<64 hex PDQ>","md5:<32 hex>","sha256:<64 hex>"],"maxDistance":20,"lists":["demo"]}
 * }</pre>
 *
 * <p>Read strictly ({@link #parse}): one JSON object and nothing after it, only these three fields, each at most
 * once, {@code hashes} and {@code lists} arrays of strings, {@code maxDistance} a whole number. Anything else is
 * refused with 400 {@code invalid_json} rather than guessed at (a {@code 3.5} rounded, an array flattened).
 *
 * @param hashes the queries, each as {@code hashmatch match} reads them ({@link io.hashmatch.match.Query#parse}):
 *     32 hex digits MD5, 40 SHA-1, 64 PDQ (optionally {@code @quality}), {@code sha256:<hex>}, or with a
 *     {@code pdq:}/{@code md5:}/{@code sha1:} prefix; a null element is refused as not a hash (422)
 * @param maxDistance the largest PDQ distance reported, default 31 (capped per key role and list: {@link SearchPolicy})
 * @param lists the lists to search, by name; default every served list
 */
@Serdeable
public record MatchHashesRequest(
        @Nullable List<String> hashes,
        @Nullable Integer maxDistance,
        @Nullable List<String> lists) {

    /**
     * Reads a request body strictly.
     *
     * @throws ApiException 400 {@code invalid_json} naming what is wrong, 400 {@code invalid_max_distance} for a
     *     whole number outside the int range
     */
    static MatchHashesRequest parse(String body) {
        try (JsonParser p = RequestJson.parser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the body must be one JSON object");
            }
            List<String> hashes = null;
            Integer maxDistance = null;
            List<String> lists = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "hashes" -> hashes = strings(p, value, field, true);
                    case "lists" -> lists = strings(p, value, field, false);
                    case "maxDistance" -> maxDistance = wholeNumber(p, value);
                    default ->
                        throw invalid("unknown field \"" + field + "\" (the fields are hashes, maxDistance and lists)");
                }
            }
            if (p.nextToken() != null) {
                throw invalid("data after the JSON object");
            }
            return new MatchHashesRequest(hashes, maxDistance, lists);
        } catch (JsonProcessingException e) {
            throw invalid("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("malformed JSON: " + e.getMessage());
        }
    }

    /** A JSON array of strings (and nulls when {@code nulls}), or null for a JSON null. */
    private static @Nullable List<String> strings(JsonParser p, @Nullable JsonToken t, String field, boolean nulls)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw invalid("\"" + field + "\" must be an array of strings");
        }
        List<@Nullable String> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else if (e == JsonToken.VALUE_NULL && nulls) {
                out.add(null);
            } else {
                throw invalid("\"" + field + "\"[" + out.size() + "] is not a string");
            }
        }
        @SuppressWarnings({"unchecked", "NullAway"
        }) // the null elements of hashes are refused one by one as "not a hash"
        List<String> list = (List<String>) (List<?>) out;
        return list;
    }

    private static @Nullable Integer wholeNumber(JsonParser p, @Nullable JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw invalid("\"maxDistance\" must be a whole number");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "invalid_max_distance", "maxDistance is out of range: " + p.getText());
        }
        return p.getIntValue();
    }

    private static ApiException invalid(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", message);
    }
}
