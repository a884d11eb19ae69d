package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/**
 * Strict reading of JSON request bodies: Jackson's strict syntax (no comments, no single quotes, no trailing commas,
 * no NaN), a key at most once per object, and one value with nothing after it, so that a body means one thing and
 * is never guessed at.
 *
 * <p>Stateless; thread-safe.
 */
final class RequestJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RequestJson() {}

    /** A strict parser over {@code body}. */
    static JsonParser parser(String body) throws IOException {
        return FACTORY.createParser(body);
    }

    /** Whether {@code body} is exactly one well-formed JSON value, without duplicate keys or anything after it. */
    static boolean isOneValue(String body) {
        try (JsonParser p = parser(body)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
