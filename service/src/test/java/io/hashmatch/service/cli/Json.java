package io.hashmatch.service.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test oracle: parses one JSON value with Jackson's strict streaming parser (independent of our writer). */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** Parses a JSON object, keeping key order; fails on trailing content. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            Object value = read(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the object: " + json);
            }
            return (Map<String, Object>) value;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    if (m.put(name, read(p, p.nextToken())) != null) {
                        throw new IllegalArgumentException("duplicate key " + name);
                    }
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(read(p, e));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> throw new IllegalArgumentException("the writer never writes null");
            default -> throw new IllegalArgumentException("unexpected token " + t);
        };
    }
}
