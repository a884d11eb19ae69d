package io.hashmatch.service.http;

import io.hashmatch.service.ops.TextPerSecond;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header of the JSON answers, formatted once a second. Micronaut adds the header to every answer
 * that has none, formatting the current time with {@link DateTimeFormatter#RFC_1123_DATE_TIME} each time (about 2 %
 * of the CPU of a request that costs little else); an answer that carries it already is left as it is. The text is
 * the same: RFC 1123 in GMT, whole seconds.
 *
 * <p>Thread-safe.
 */
final class HttpDate {
    /** The header's name as Micronaut writes it (Netty's lower-case name), so that the answer's bytes are the same. */
    static final String HEADER = "date";

    private static final TextPerSecond DATES = new TextPerSecond(HttpDate::format);

    private HttpDate() {}

    /** The {@code Date} header's value now. */
    static String now() {
        return DATES.at(Math.floorDiv(System.currentTimeMillis(), 1000));
    }

    /** The header's value at {@code epochSecond}. */
    static String format(long epochSecond) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }
}
