package io.hashmatch.service.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON for the clients: reading an exchange's answer into plain maps and lists, and the checkpoints, which are small
 * JSON objects with python-threatexchange's field names (e.g. NCMEC's {@code get_entries_max_ts}).
 *
 * <p>Stateless; thread-safe.
 */
final class Checkpoints {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String UPDATE_TIME = "update_time";
    private static final String LAST_FETCH_TIME = "last_fetch_time";

    private Checkpoints() {}

    /** A JSON object of {@code fields} (null values written as null). */
    static String write(Map<String, ?> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, ?> f : fields.entrySet()) {
                g.writeFieldName(f.getKey());
                Object v = f.getValue();
                switch (v) {
                    case null -> g.writeNull();
                    case Long l -> g.writeNumber(l);
                    case Integer i -> g.writeNumber(i);
                    case Boolean b -> g.writeBoolean(b);
                    default -> g.writeString(String.valueOf(v));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /**
     * The object {@code checkpoint} holds.
     *
     * @throws ExchangeException if it is not a JSON object
     */
    static Map<String, @Nullable Object> read(String checkpoint) throws ExchangeException {
        try {
            if (parse(checkpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8)) instanceof Map<?, ?> m) {
                Map<String, @Nullable Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
        } catch (IOException e) {
            // below
        }
        throw new ExchangeException(
                ExchangeException.Kind.CONFIGURATION, "not a checkpoint of this exchange: " + checkpoint);
    }

    /**
     * Where a fetch resumes from python-threatexchange's time checkpoint ({@code {"update_time": T, "last_fetch_time":
     * F}}, as StopNCII and ThreatExchange write it): its {@code update_time} ({@code otherwise} when it has none); or
     * null when its last fetch is more than {@code staleSeconds} before {@code now}: the exchange keeps deletions only
     * so long, so resuming could miss some, and the sync starts over.
     */
    static @Nullable Long resumeTime(Map<String, @Nullable Object> cp, Instant now, long staleSeconds, long otherwise) {
        long lastFetch = longField(cp, LAST_FETCH_TIME, 0);
        return now.getEpochSecond() - lastFetch <= staleSeconds ? longField(cp, UPDATE_TIME, otherwise) : null;
    }

    /** python-threatexchange's time checkpoint: resume after {@code updateTime}; fetched {@code now}. */
    static Map<String, Object> timeCheckpoint(long updateTime, Instant now) {
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put(UPDATE_TIME, updateTime);
        cp.put(LAST_FETCH_TIME, now.getEpochSecond());
        return cp;
    }

    /** A long field, or {@code otherwise}. */
    static long longField(Map<String, @Nullable Object> m, String field, long otherwise) {
        return m.get(field) instanceof Number n ? n.longValue() : otherwise;
    }

    /** A string field, or null. */
    static @Nullable String stringField(Map<String, @Nullable Object> m, String field) {
        return m.get(field) instanceof String s ? s : null;
    }

    /**
     * A JSON document as maps ({@link LinkedHashMap}), lists, strings, longs or doubles, booleans and nulls.
     *
     * @throws IOException if it is not one well-formed JSON value
     */
    static @Nullable Object parse(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty document");
            }
            Object v = value(p);
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
            return v;
        }
    }

    private static @Nullable Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, @Nullable Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<@Nullable Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t);
        };
    }
}
