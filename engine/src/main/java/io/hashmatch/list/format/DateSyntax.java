package io.hashmatch.list.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Dates in lists: ISO-8601 date-times as VICS writes them ({@code 2026-11-01T00:00:00Z}, with an offset,
 * with fractions, or without a zone, taken as UTC).
 */
final class DateSyntax {
    private DateSyntax() {}

    /** The instant of {@code text}, or null if it is not an ISO-8601 date-time. */
    static @Nullable Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
